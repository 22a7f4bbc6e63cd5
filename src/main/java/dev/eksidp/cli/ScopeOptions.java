package dev.eksidp.cli;

import dev.eksidp.aws.AccountId;
import dev.eksidp.aws.AwsErrors;
import dev.eksidp.aws.AwsSessions;
import dev.eksidp.aws.AwsSettings;
import dev.eksidp.aws.OrganizationsReader;
import dev.eksidp.discovery.AccountList;
import dev.eksidp.organization.OrgTree;
import dev.eksidp.organization.OrganizationAccounts;
import dev.eksidp.organization.OrganizationScope;
import dev.eksidp.output.OwnerOnlyFiles;
import dev.eksidp.stop.StopSignal;
import dev.eksidp.targets.TargetValidator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which accounts and regions a run reads, the same for discover and verify: accounts from a file, a list or AWS
 * Organizations (optionally under some units, recursively), minus exclusions; regions as listed, or each account's
 * own enabled regions that offer EKS.
 */
final class ScopeOptions {

    private static final String ACCOUNTS_FILE = "accounts.txt";

    static final class Accounts {
        @Option(names = "--accounts", paramLabel = "FILE",
                description = "File of account ids: one per line, or a CSV whose first column is the id (# comments).")
        Path file;

        @Option(names = "--account-ids", paramLabel = "ID", split = ",", description = "Account ids, comma-separated.")
        List<String> ids;

        @Option(names = "--organization",
                description = "The ACTIVE accounts of the AWS organisation, listed with the hub credentials (management "
                        + "account or delegated administrator).")
        boolean organization;
    }

    static final class Regions {
        @Option(names = "--regions", paramLabel = "REGION", split = ",", description = "Regions, comma-separated.")
        List<String> list;

        @Option(names = "--all-regions", description = "In each account, the regions it has enabled (its own "
                + "account:ListRegions) where EKS is offered.")
        boolean all;
    }

    @ArgGroup(exclusive = true)
    Accounts accounts;

    @ArgGroup(exclusive = true)
    Regions regions;

    @Option(names = "--ou", paramLabel = "OU_ID", description = "With --organization: only accounts under this "
            + "organisational unit, recursively (repeatable).")
    List<String> units = List.of();

    @Option(names = "--exclude-account-ids", paramLabel = "ID", split = ",", description = "Accounts to leave out, comma-separated.")
    List<String> excludeIds = List.of();

    @Option(names = "--exclude-accounts", paramLabel = "FILE", description = "File of accounts to leave out (same format as --accounts).")
    Path excludeFile;

    boolean allRegions() {
        requireRegions();
        return regions.all;
    }

    /** The checked region list; empty with --all-regions. */
    List<String> regionList() {
        if (allRegions()) {
            return List.of();
        }
        List<String> list = regions.list.stream().map(String::trim).distinct().toList();
        for (String r : list) {
            String problem = TargetValidator.region(r);
            if (problem != null) {
                throw new UsageException("--regions: " + problem);
            }
        }
        return list;
    }

    private void requireRegions() {
        if (regions == null) {
            throw new UsageException("missing --regions R1,R2 or --all-regions");
        }
    }

    /** What can be checked without reading a file or AWS: which accounts are meant, and the ids given inline. */
    void check() {
        if (accounts == null) {
            throw new UsageException("missing --accounts FILE, --account-ids ID,... or --organization");
        }
        if (!units.isEmpty() && !accounts.organization) {
            throw new UsageException("--ou needs --organization");
        }
        if (accounts.file != null && Files.notExists(accounts.file)
                && Arrays.stream(accounts.file.toString().split(",")).allMatch(AccountId::isValid)) {
            throw new UsageException("--accounts takes a file; for account ids on the command line use "
                    + "--account-ids " + accounts.file);
        }
        try {
            excludeIds.stream().map(String::trim).forEach(id -> AccountList.check(id, "--exclude-account-ids"));
            if (accounts.ids != null) {
                accounts.ids.stream().map(String::trim).forEach(id -> AccountList.check(id, "--account-ids"));
            }
            units.forEach(OrganizationScope::checkUnitId);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Writes the run's account list into reportDir (with --organization also the skipped accounts) and returns it.
     *
     * @param aws how to reach AWS Organizations as the hub (used only with --organization)
     */
    Path accountsFile(Path reportDir, AwsSettings aws, Clock clock, PrintStream out) {
        check();
        try {
            Set<String> excluded = new HashSet<>();
            excludeIds.stream().map(String::trim).forEach(excluded::add);
            if (excludeFile != null) {
                excluded.addAll(AccountList.read(excludeFile));
            }
            List<String> ids;
            if (accounts.organization) {
                try (AwsSessions sessions = new AwsSessions(aws, new StopSignal(), clock)) {
                    ids = fromOrganization(reportDir, sessions.organizations(), excluded, out);
                }
            } else {
                List<String> listed = accounts.file != null ? AccountList.read(accounts.file)
                        : accounts.ids.stream().map(String::trim).map(id -> AccountList.check(id, "--account-ids")).distinct().toList();
                ids = listed.stream().filter(id -> !excluded.contains(id)).toList();
            }
            if (ids.isEmpty()) {
                throw new UsageException("no account to scan (after exclusions)");
            }
            OwnerOnlyFiles.writeAtomically(reportDir, ACCOUNTS_FILE, String.join("\n", ids) + "\n");
            return reportDir.resolve(ACCOUNTS_FILE);
        } catch (IllegalArgumentException | UncheckedIOException | OrganizationsReader.NotReadable e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot write the account list: " + e.getMessage());
        }
    }

    private List<String> fromOrganization(Path reportDir, OrgTree tree, Set<String> excluded, PrintStream out) throws IOException {
        OrganizationScope.Selection selection;
        try {
            selection = OrganizationScope.select(tree, units, excluded);
        } catch (RuntimeException e) {
            if ("ParentNotFoundException".equals(AwsErrors.code(e))) {
                throw new UsageException("--ou: no such organisational unit in the organisation (" + String.join(", ", units) + ")");
            }
            throw e;
        }
        BatchContext.createOwnerOnly(reportDir);
        OrganizationAccounts.writeSkipped(reportDir, selection.skipped());
        out.printf("Organization: %d ACTIVE account(s) in scope, %d not ACTIVE skipped, %d excluded%n",
                selection.selected().size(), selection.skipped().size(), selection.excluded().size());
        return selection.selected();
    }
}
