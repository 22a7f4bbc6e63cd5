package dev.eksidp.simulator;

import java.util.List;

/**
 * The parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
 * SignedHeaders=a;b, Signature=hex} header. The credential scope tells which service and region the
 * client meant, which is how one endpoint serves both EKS and STS.
 */
record SigV4Authorization(String accessKeyId, String date, String region, String service,
                          List<String> signedHeaders, String signature) {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** @return null when the header is absent or not a SigV4 header we understand */
    static SigV4Authorization parse(String header) {
        if (header == null || !header.startsWith(ALGORITHM + " ")) return null;
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) continue;
            String k = p.substring(0, eq);
            String v = p.substring(eq + 1);
            switch (k) {
                case "Credential" -> credential = v;
                case "SignedHeaders" -> signedHeaders = v;
                case "Signature" -> signature = v;
                default -> { }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) return null;
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) return null;
        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")), signature);
    }

    String scope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }
}
