package dev.eksidp.restore;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    @Test
    void writesQueuedDuringACommitShareTheNextOneAndEachReturnsOnlyOnceItsOwnIsCommitted() throws Exception {
        List<List<Integer>> commits = Collections.synchronizedList(new ArrayList<>());
        List<Integer> committed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        GroupCommit<Integer> group = new GroupCommit<>(batch -> {
            if (commits.isEmpty()) {
                firstCommitStarted.countDown();
                await(releaseFirstCommit);
            }
            commits.add(batch);
            committed.addAll(batch);
        });
        List<Integer> returned = Collections.synchronizedList(new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        writers.add(writer(group, 0, committed, returned));
        firstCommitStarted.await();
        for (int i = 1; i <= 20; i++) {
            writers.add(writer(group, i, committed, returned));
        }
        Thread.sleep(200);  // the 20 queue behind the commit in progress
        assertThat(returned).isEmpty();
        releaseFirstCommit.countDown();
        for (Thread t : writers) {
            t.join();
        }
        assertThat(returned).hasSize(21).doesNotContain(-1);
        assertThat(commits).hasSize(2);  // not 21 commits: the 20 queued writes went in one
        assertThat(commits.get(0)).containsExactly(0);
        assertThat(commits.get(1)).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
    }

    /** A writer that, once its write returns, notes whether the value was committed by then (-1 if not). */
    private static Thread writer(GroupCommit<Integer> group, int value, List<Integer> committed, List<Integer> returned) {
        return Thread.ofVirtual().start(() -> {
            group.write(value);
            returned.add(committed.contains(value) ? value : -1);
        });
    }

    @Test
    void aFailedCommitFailsEveryWriteInIt() {
        AtomicInteger calls = new AtomicInteger();
        GroupCommit<String> group = new GroupCommit<>(batch -> {
            calls.incrementAndGet();
            throw new IllegalStateException("disk full");
        });
        assertThatThrownBy(() -> group.write("a")).hasMessage("disk full");
        assertThatThrownBy(() -> group.write("b")).hasMessage("disk full");
        assertThat(calls).hasValue(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
