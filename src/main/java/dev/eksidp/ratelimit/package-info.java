/** Adaptive token buckets (found or given rates, AIMD on throttling): one per (account, region) for EKS, one for STS. */
package dev.eksidp.ratelimit;
