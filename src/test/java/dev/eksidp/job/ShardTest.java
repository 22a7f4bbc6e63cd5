package dev.eksidp.job;

import dev.eksidp.targets.TargetRow;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which process of N takes a row: by account, the same on every machine, every row in exactly one shard. */
class ShardTest {

    private static TargetRow rowOf(String account) {
        return new TargetRow(2, account, "eu-west-1", "c", "oidc", "idp", null, null);
    }

    @Test
    void anAccountsShardIsTheCrc32OfItsIdModuloTheCount() {
        CRC32 crc = new CRC32();
        crc.update("123456789012".getBytes(StandardCharsets.US_ASCII));

        assertThat(Shard.of("123456789012", 7)).isEqualTo((int) (crc.getValue() % 7));
        assertThat(Shard.of(" 123456789012 ", 7)).isEqualTo(Shard.of("123456789012", 7));
    }

    @Test
    void everyAccountIsAcceptedByExactlyOneShard() {
        int count = 4;
        IntStream.range(0, 200).mapToObj(i -> String.format("%012d", 100_000_000_000L + i * 7919L)).forEach(account -> {
            long accepting = IntStream.range(0, count).filter(i -> new Shard(i, count).accepts(rowOf(account))).count();
            assertThat(accepting).as(account).isEqualTo(1);
        });
        long inShard0 = IntStream.range(0, 200).filter(i -> new Shard(0, count)
                .accepts(rowOf(String.format("%012d", 100_000_000_000L + i * 7919L)))).count();
        assertThat(inShard0).as("the accounts spread over the shards").isBetween(20L, 80L);
    }

    @Test
    void aRowWhoseAccountIdCannotBeHashedBelongsToShardZero() {
        for (String bad : new String[] {null, "", "12345", "abcdefghijkl"}) {
            assertThat(Shard.of(bad, 5)).as(String.valueOf(bad)).isZero();
            assertThat(new Shard(0, 5).accepts(rowOf(bad))).isTrue();
            assertThat(new Shard(3, 5).accepts(rowOf(bad))).isFalse();
        }
    }

    @Test
    void theWholeFileIsOneShardAndAnImpossibleShardIsRefused() {
        assertThat(Shard.ALL.accepts(rowOf("garbage"))).isTrue();
        assertThat(Shard.ALL).hasToString("0/1");
        assertThatThrownBy(() -> new Shard(2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Shard(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Shard(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
