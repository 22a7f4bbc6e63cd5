package dev.eksidp.job.remediation;

import dev.eksidp.targets.TargetClassifier;
import dev.eksidp.targets.TargetRow;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The remediate step's partitions: a bucket with a chunk's worth of targets is a partition of its own, smaller ones
 * are packed (by account and region) up to a chunk, and the partitions come biggest first.
 */
class BucketPartitionerTest {

    private static final String RUN = "run-1";
    private static final String A = "111111111111";
    private static final String B = "222222222222";
    private static final String C = "333333333333";

    private TargetStore store;
    private final List<TargetStore.StagedRow> rows = new ArrayList<>();

    @BeforeEach
    void stagingTable() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:partitions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/targets-schema.sql")).execute(h2);
        store = new TargetStore(new JdbcTemplate(h2));
    }

    private void targets(String account, String region, int n) {
        for (int i = 0; i < n; i++) {
            rows.add(new TargetStore.StagedRow(new TargetRow(rows.size() + 2, account, region, "c" + i, "oidc", "idp",
                    null, null), new TargetClassifier.Classification(TargetClassifier.Verdict.ACTIONABLE, null)));
        }
    }

    private Map<String, Long> partitions(boolean deferredOnly) {
        Map<String, Long> targets = new LinkedHashMap<>();
        new BucketPartitioner(store, RUN, deferredOnly).partition(1)
                .forEach((key, context) -> targets.put(key, context.getLong(BucketPartitioner.TARGETS)));
        return targets;
    }

    @Test
    void bigBucketsStandAloneSmallOnesArePackedUpToAChunkAndTheBiggestComeFirst() {
        targets(A, "eu-west-1", 12);
        targets(C, "eu-west-1", 5);
        targets(B, "eu-west-1", 4);
        targets(A, "us-east-1", 3);
        // Neither an invalid row nor a duplicate is part of any partition.
        rows.add(new TargetStore.StagedRow(new TargetRow(rows.size() + 2, A, "eu-west-1", "bad", "oidc", "idp", null,
                "cluster_name is empty"), new TargetClassifier.Classification(TargetClassifier.Verdict.INVALID, null)));
        rows.add(new TargetStore.StagedRow(new TargetRow(rows.size() + 2, B, "eu-west-1", "c0", "oidc", "idp", null,
                null), new TargetClassifier.Classification(TargetClassifier.Verdict.DUPLICATE, 15L)));
        store.insert(RUN, rows, null);

        store.assignPartitions(RUN, 10);

        // Small buckets in (account, region) order: A/us-east-1 (3) and B/eu-west-1 (4) fill pack 1; C's 5 would
        // pass 10, so it starts pack 2, which, being one bucket, keeps the bucket's name.
        assertThat(partitions(false)).containsExactly(Map.entry(A + "/eu-west-1", 12L), Map.entry("pack-00001", 7L),
                Map.entry(C + "/eu-west-1", 5L));
        assertThat(partitions(true)).as("no row was deferred").isEmpty();
    }

    @Test
    void theSamePartitionsComeAgainOnRestart() {
        targets(A, "eu-west-1", 2);
        targets(B, "eu-west-1", 2);
        store.insert(RUN, rows, null);
        store.assignPartitions(RUN, 10);

        assertThat(partitions(false)).isEqualTo(partitions(false)).containsExactly(Map.entry("pack-00001", 4L));
    }

    @Test
    void aPartitionStepsKeyIsWhatFollowsTheColonOfItsName() {
        assertThat(BucketPartitioner.partitionKeyOf("remediatePartition:" + A + "/eu-west-1")).isEqualTo(A + "/eu-west-1");
        assertThat(BucketPartitioner.partitionKeyOf("w:pack-00003")).isEqualTo("pack-00003");
        assertThatThrownBy(() -> BucketPartitioner.partitionKeyOf("remediate")).isInstanceOf(IllegalArgumentException.class);
    }
}
