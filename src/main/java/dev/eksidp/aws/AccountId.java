package dev.eksidp.aws;

import java.util.regex.Pattern;

/** An AWS account id: exactly 12 digits (leading zeros are part of it). */
public final class AccountId {

    private static final Pattern TWELVE_DIGITS = Pattern.compile("[0-9]{12}");

    private AccountId() {
    }

    public static boolean isValid(String id) {
        return id != null && TWELVE_DIGITS.matcher(id).matches();
    }
}
