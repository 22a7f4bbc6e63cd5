/** The local EKS + STS simulator: real SigV4 over HTTP, a fleet file, faults and the quirks of the real services. */
package dev.eksidp.simulator;
