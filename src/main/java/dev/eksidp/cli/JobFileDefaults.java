package dev.eksidp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A reviewed job file (YAML) as the defaults of a command's options: key {@code eks-rate: 10} stands for
 * {@code --eks-rate 10}; an option on the command line wins. Unknown keys are refused, so a typo in a reviewed
 * file cannot silently fall back to a default.
 */
final class JobFileDefaults implements IDefaultValueProvider {

    /** Keys that describe the job rather than set an option. */
    private static final List<String> DESCRIPTIVE = List.of("description", "mode");
    /** The commands an apply job file also serves. */
    private static final List<String> SERVES_APPLY = List.of("plan", "resume");

    private final Path file;
    private final JsonNode values;

    private JobFileDefaults(Path file, JsonNode values) {
        this.file = file;
        this.values = values;
    }

    /** Finds --job FILE in the arguments (before picocli parses them, since it supplies the defaults). */
    static JobFileDefaults fromArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = args[i].startsWith("--job=") ? args[i].substring(6)
                    : args[i].equals("--job") && i + 1 < args.length ? args[i + 1] : null;
            if (value != null) {
                return load(Path.of(value));
            }
        }
        return null;
    }

    static JobFileDefaults load(Path file) {
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new UsageException("job file " + file + " must be a YAML mapping of option names to values");
            }
            return new JobFileDefaults(file, node);
        } catch (IOException e) {
            throw new UsageException("cannot read job file " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * Refuses keys that are not options of the command, and a mode that is not the command. An apply job also
     * serves plan (to check it first) and resume (its repository and AWS settings): the keys only apply has are
     * left out, with a note on {@code notes}.
     */
    void check(CommandSpec command, PrintStream notes) {
        CommandSpec apply = command.root().subcommands().get("apply").getCommandSpec();
        boolean servesApply = SERVES_APPLY.contains(command.name());
        List<String> ignored = new ArrayList<>();
        for (Iterator<String> names = values.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (DESCRIPTIVE.contains(key) || command.findOption("--" + key) != null) {
                continue;
            }
            if (servesApply && apply.findOption("--" + key) != null) {
                ignored.add(key);
            } else {
                throw new UsageException("job file " + file + ": '" + key + "' is not an option of " + command.name());
            }
        }
        JsonNode mode = values.get("mode");
        if (mode != null && !mode.asText().equals(command.name()) && !(servesApply && mode.asText().equals("apply"))) {
            throw new UsageException("job file " + file + " is a '" + mode.asText() + "' job; run it with that command");
        }
        if (!ignored.isEmpty()) {
            notes.println("Note: " + command.name() + " ignores the job file's " + String.join(", ", ignored)
                    + " (" + (command.name().equals("resume") ? "a resumed run keeps its own settings" : "apply only") + ").");
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        JsonNode value = values.get(option.longestName().replaceFirst("^-+", ""));
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            // A YAML list (protected accounts, say) reads as picocli's comma-separated form.
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return value.asText();
    }
}
