package dev.eksidp.simulator;

import java.util.List;
import java.util.Map;

/** An HTTP request as received: raw (still percent-encoded) path and query, lower-cased header names. */
record SimRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    String header(String lowerName) {
        List<String> v = headers.get(lowerName);
        return v == null || v.isEmpty() ? null : String.join(",", v);
    }
}
