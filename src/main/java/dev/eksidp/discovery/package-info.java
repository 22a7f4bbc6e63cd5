/**
 * discover: the discovery job's work (which accounts and regions to scan, scanning one of them through the AWS
 * access layer, the findings' staging table) and its reports. The job's Spring Batch wiring is
 * {@code dev.eksidp.job.discovery.DiscoveryJobConfiguration}.
 */
package dev.eksidp.discovery;
