package dev.eksidp.job.remediation;

import dev.eksidp.job.RunSettings;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.ratelimit.RatePolicy;
import dev.eksidp.ratelimit.RateLimiters;

import java.util.List;
import java.util.Locale;

/**
 * The summary's lines about pacing: what the rates were (given ceilings, or found from a safe start) and what the
 * run actually reached. summary.json reads them back ({@code SummaryJson}), so their wording is a format.
 */
final class RateNotes {

    private RateNotes() {
    }

    /** "EKS rate per account and region: 20.0/s (burst 20), STS rate: 10.0/s", or "found, from ... up to ..." parts. */
    static String configured(RunSettings s, int shards) {
        RatePolicy sts = s.stsPolicy(shards);
        String eks = s.eksRate() != null ? s.eksRate() + "/s (burst " + (int) s.eksPolicy().burst() + ")" : found(s.eksPolicy());
        String stsText = s.stsRate() != null ? sts.ceiling() + "/s" : found(sts);
        String share = shards > 1 ? " (this shard's 1/" + shards + " share of the hub identity's)" : "";
        return "EKS rate per account and region: " + eks + ", STS rate: " + stsText + share;
    }

    private static String found(RatePolicy p) {
        return "found, from " + num(p.start()) + "/s up to " + num(p.ceiling()) + "/s";
    }

    /**
     * "Rates reached: EKS 10/s in the busiest bucket 111111111111/us-east-1 (limiter peak 13.1/s, now 9.5/s, 12
     * throttles, 701 buckets), STS 48/s (limiter peak 55.0/s, now 45.0/s, 3 throttles)". Reached is the most
     * requests the service accepted in one second; the limiter's figures are what it allowed.
     */
    static List<String> reached(RateLimiters eks, AdaptiveRateLimiter sts) {
        int buckets = eks.size();
        StringBuilder line = new StringBuilder("Rates reached (this execution): EKS ");
        var busiest = eks.busiest();
        if (busiest.isPresent()) {
            AdaptiveRateLimiter b = busiest.get().getValue();
            line.append(b.peakAccepted()).append("/s in the busiest bucket ").append(busiest.get().getKey().replace('|', '/'))
                    .append(" (limiter peak ").append(num(b.peakRate())).append("/s, now ").append(num(b.currentRate()))
                    .append("/s, ").append(b.throttles()).append(" throttles there, ").append(buckets).append(" buckets)");
        } else {
            line.append("none (no EKS call)");
        }
        line.append(", STS ").append(sts.peakAccepted()).append("/s (limiter peak ").append(num(sts.peakRate()))
                .append("/s, now ").append(num(sts.currentRate())).append("/s, ").append(sts.throttles()).append(" throttles)");
        return List.of(line.toString());
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
