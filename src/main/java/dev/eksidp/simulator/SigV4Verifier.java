package dev.eksidp.simulator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Recomputes a SigV4 signature from the request as received and the secret we hold for the
 * access key. Follows the AWS "Create a canonical request" rules; the path is URI-encoded once
 * more on top of what was sent, because the SDKs double-encode paths for every service but S3.
 */
final class SigV4Verifier {
    private static final HexFormat HEX = HexFormat.of();

    private SigV4Verifier() {
    }

    static boolean verify(SimRequest request, SigV4Authorization auth, String secretAccessKey) {
        String amzDate = request.header("x-amz-date");
        if (amzDate == null || !amzDate.startsWith(auth.date())) return false;
        String payloadHash = sha256Hex(request.body());
        String claimed = request.header("x-amz-content-sha256");
        if (claimed != null && !claimed.equals("UNSIGNED-PAYLOAD")) {
            if (!claimed.equalsIgnoreCase(payloadHash)) return false;
        } else if (claimed != null) {
            payloadHash = claimed;
        }
        String canonicalRequest = canonicalRequest(request, auth.signedHeaders(), payloadHash);
        if (canonicalRequest == null) return false;
        String stringToSign = SigV4Authorization.ALGORITHM + "\n" + amzDate + "\n" + auth.scope() + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        String expected = HEX.formatHex(hmac(key, stringToSign));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), auth.signature().getBytes(StandardCharsets.US_ASCII));
    }

    static String canonicalRequest(SimRequest request, List<String> signedHeaders, String payloadHash) {
        StringBuilder sb = new StringBuilder();
        sb.append(request.method()).append('\n');
        String path = request.rawPath() == null || request.rawPath().isEmpty() ? "/" : request.rawPath();
        sb.append(encode(path, false)).append('\n');
        sb.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String h : signedHeaders) {
            String v = request.header(h.toLowerCase(Locale.ROOT));
            if (v == null) return null; // a signed header that did not arrive cannot verify
            sb.append(h.toLowerCase(Locale.ROOT)).append(':').append(v.trim().replaceAll("\\s+", " ")).append('\n');
        }
        sb.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return sb.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return "";
        List<String[]> pairs = new ArrayList<>();
        for (String p : rawQuery.split("&")) {
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            String k = eq < 0 ? p : p.substring(0, eq);
            String v = eq < 0 ? "" : p.substring(eq + 1);
            pairs.add(new String[]{encode(percentDecode(k), true), encode(percentDecode(v), true)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) sb.append('&');
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** RFC 3986 unreserved characters stay, everything else is %XX (upper-case); '/' kept in paths. */
    static String encode(String s, boolean encodeSlash) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                sb.append(c);
            } else {
                sb.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return sb.toString();
    }

    /** Percent-decoding without the form rule that '+' means space: SigV4 clients encode spaces as %20. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
