package dev.eksidp.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** maxResults/nextToken paging over a snapshot list; tokens are opaque offsets, as a client must treat them. */
final class Pager {
    record Page<T>(List<T> items, String nextToken) {
    }

    private Pager() {
    }

    static <T> Page<T> page(List<T> all, String maxResults, String nextToken, int limit, String clusterName) {
        int max = limit;
        if (maxResults != null) {
            try {
                max = Integer.parseInt(maxResults);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > limit) {
                throw Errors.eks(400, "InvalidParameterException", "maxResults must be between 1 and " + limit + ".", clusterName);
            }
        }
        int offset = 0;
        if (nextToken != null && !nextToken.isEmpty()) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
                if (!decoded.startsWith("sim:")) throw new IllegalArgumentException();
                offset = Integer.parseInt(decoded.substring(4));
                if (offset < 0) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                throw Errors.eks(400, "InvalidParameterException", "The nextToken is not valid.", clusterName);
            }
        }
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + max);
        String next = to < all.size() ? Base64.getUrlEncoder().withoutPadding().encodeToString(("sim:" + to).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(List.copyOf(all.subList(from, to)), next);
    }
}
