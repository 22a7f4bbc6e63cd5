/**
 * The local simulator of EKS, STS, AWS Organizations and Account Management's ListRegions: real SigV4 over HTTP, a
 * fleet file, faults and the quirks of the real services.
 */
package dev.eksidp.simulator;
