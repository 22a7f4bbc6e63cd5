/**
 * The discovery job's Spring Batch wiring ({@code DiscoveryJobConfiguration}) and its progress line; what a scan
 * does is in {@link dev.eksidp.discovery}.
 */
package dev.eksidp.job.discovery;
