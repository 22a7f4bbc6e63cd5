package dev.eksidp.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * System properties set for the length of a try block (the SDK reads its endpoint, region and credentials from
 * them), each put back as it was on close, also when it was not set before.
 */
public final class SystemProperties implements AutoCloseable {

    private final Map<String, String> previous = new LinkedHashMap<>();

    public SystemProperties set(String key, String value) {
        previous.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
        return this;
    }

    public SystemProperties setAll(Map<String, String> properties) {
        properties.forEach(this::set);
        return this;
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        previous.clear();
    }
}
