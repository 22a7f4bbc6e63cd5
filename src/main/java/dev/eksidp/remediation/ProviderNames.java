package dev.eksidp.remediation;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells a provider name that only looks different from the one on the cluster: case, white space, zero-width
 * characters, compatibility forms (NFKC) and look-alike letters (the Unicode TR #39 confusable skeleton, so a
 * Cyrillic "о" matches a Latin "o"). In an incident such a near miss must not read as "already absent": the
 * compromised provider would stay on the cluster.
 */
final class ProviderNames {

    /** White space, and the invisible characters a copy from a chat or a document can carry. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Z}\\s\\u00AD\\u180E\\u200B-\\u200F\\u2060-\\u2064\\uFEFF]");

    private final Normalizer2 nfkc = Normalizer2.getNFKCCasefoldInstance();
    private final SpoofChecker confusables = new SpoofChecker.Builder().build();

    /** The name in {@code onCluster} that {@code wanted} is a near miss of, if one is (never {@code wanted} itself). */
    Optional<String> nearMiss(String wanted, Collection<String> onCluster) {
        String key = key(wanted);
        return onCluster.stream().filter(name -> !name.equals(wanted) && key(name).equals(key)).findFirst();
    }

    private String key(String name) {
        String folded = INVISIBLE.matcher(nfkc.normalize(name)).replaceAll("");
        return confusables.getSkeleton(folded);
    }
}
