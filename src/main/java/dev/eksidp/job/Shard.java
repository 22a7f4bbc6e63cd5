package dev.eksidp.job;

import dev.eksidp.aws.AccountId;
import dev.eksidp.targets.TargetRow;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One of {@code count} shards of a targets file, split by account: a row belongs to shard
 * {@code crc32(account_id) mod count}. The hash is stable across processes, JVMs and machines, so N processes
 * given the same file and count split it without overlap or gap. A row whose account id is not 12 digits cannot
 * be hashed reliably (it may be blank or garbage) and belongs to shard 0, so every input line is reported by
 * exactly one shard.
 */
public record Shard(int index, int count) {

    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": need 0 <= index < count");
        }
    }

    public boolean accepts(TargetRow row) {
        return count == 1 || of(row.accountId(), count) == index;
    }

    /** The shard of an account id among {@code count}. */
    public static int of(String accountId, int count) {
        if (count == 1 || accountId == null || !AccountId.isValid(accountId.trim())) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(accountId.trim().getBytes(StandardCharsets.US_ASCII));
        return (int) (crc.getValue() % count);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
