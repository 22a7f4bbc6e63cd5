/** prune: which stored runs go, deleting them through the JobRepository with their staged rows, compacting H2. */
package dev.eksidp.housekeeping;
