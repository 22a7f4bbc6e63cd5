package dev.eksidp.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Help text wraps at spaces only: java.text.BreakIterator, which picocli wraps with, allows a break after any "." or
 * ":", which cut file names ("report." / "jsonl") and IAM actions ("eks:" / "Associate...") in two.
 */
class HelpWrapTest {

    @Test
    void noCommandsHelpBreaksALineInsideAWord() {
        CommandLine root = new Main(new CliEnvironment(System.out, System.err, null, false)).commandLine(List.of());
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        commands.addAll(root.getSubcommands().values());
        for (CommandLine command : commands) {
            String name = command.getCommandName();
            List<String> args = new ArrayList<>(command == root ? List.of() : List.of(name));
            args.add("--help");
            var help = CliTestSupport.run(null, args.toArray(String[]::new));
            assertThat(help.exit()).as(name).isZero();
            for (String line : help.out().lines().toList()) {
                assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(HelpWrap.WIDTH);
            }
            // Every word of the command's own texts is still one word in the wrapped help; only a word longer than a
            // line (a CSV header) may be continued after one of its commas.
            Set<String> shown = new java.util.HashSet<>(Arrays.asList(help.out().split("\\s+")));
            shown.addAll(Arrays.asList(help.out().replaceAll(",\\n +", ",").split("\\s+")));
            for (String word : words(command.getCommandSpec(), command == root)) {
                assertThat(shown).as(name + " --help keeps \"" + word + "\" whole:\n" + help.out()).contains(word);
            }
        }
        // The case that was reported.
        assertThat(CliTestSupport.run(null, "apply", "--help").out()).contains("report.jsonl").doesNotContain("report.\n");
    }

    @Test
    void theTypicalUseExamplesAreNotWrappedAwayFromTheirComments() {
        String help = CliTestSupport.run(null, "--help").out();
        List<String> examples = help.lines().dropWhile(l -> !l.equals("Typical use:")).skip(1)
                .takeWhile(l -> !l.startsWith("Run ")).toList();
        assertThat(examples).hasSizeGreaterThan(8)
                .allSatisfy(l -> assertThat(l).matches("  eks-idp-remediation .*|      --.*"));
    }

    /** The words of a command's description, options and exit codes (and of its subcommands' first lines), as written. */
    private static List<String> words(CommandSpec spec, boolean withSubcommands) {
        List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
        spec.options().stream().filter(o -> !o.hidden()).forEach(o -> texts.addAll(Arrays.asList(o.description())));
        spec.positionalParameters().stream().filter(p -> !p.hidden()).forEach(p -> texts.addAll(Arrays.asList(p.description())));
        texts.addAll(spec.usageMessage().exitCodeList().values());
        if (withSubcommands) {
            spec.subcommands().values().stream().filter(c -> !c.getCommandSpec().usageMessage().hidden())
                    .forEach(c -> texts.add(c.getCommandSpec().usageMessage().description()[0]));
        }
        return texts.stream().flatMap(t -> Arrays.stream(t.split("\\s+")))
                // Left out: picocli's own markup and variables, replaced when it renders them.
                .filter(w -> !w.isEmpty() && !w.contains("%") && !w.contains("${") && !w.contains("@|"))
                .distinct().collect(Collectors.toList());
    }
}
