package dev.eksidp.cli;

import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Entry point: parses the command line, runs one subcommand, exits with a code a scheduler can act on. */
public final class Main {

    private final CliEnvironment env;

    public Main(CliEnvironment env) {
        this.env = env;
    }

    public static void main(String[] args) {
        CliEnvironment env = new CliEnvironment(System.out, System.err,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), Terminal.interactive(),
                System.getProperty("eksidp.launcher", CliEnvironment.DEFAULT_LAUNCHER), GracefulStop.install(System.out), System.getenv(),
                Clock.systemUTC());
        System.exit(new Main(env).run(args));
    }

    public int run(String[] args) {
        CommandLine cli = commandLine(List.of(args));
        cli.setOut(new PrintWriter(env.out(), true));
        cli.setErr(new PrintWriter(env.err(), true));
        cli.setParameterExceptionHandler((e, a) -> usageError(e.getCommandLine(), withSuggestion(e)));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof UsageException) {
                return usageError(command, e.getMessage());
            }
            if (e instanceof dev.eksidp.aws.BaseCredentialsException) {
                env.err().println("error: " + e.getMessage() + "; nothing was done");
                return ExitCodes.CONFIG;
            }
            if (e instanceof BusyException) {
                env.err().println("error: " + e.getMessage());
                return ExitCodes.BUSY;
            }
            env.err().println("internal error: " + e);
            e.printStackTrace(env.err());
            return ExitCodes.INTERNAL;
        });
        CommandLine command = cli;
        try {
            JobFileDefaults jobFile = JobFileDefaults.fromArgs(args);
            if (jobFile != null) {
                cli.setDefaultValueProvider(jobFile);
                CommandLine.ParseResult parsed = cli.parseArgs(args);
                command = parsed.subcommand() != null ? parsed.subcommand().commandSpec().commandLine() : cli;
                jobFile.check(command.getCommandSpec(), env.out());
            }
        } catch (UsageException e) {
            return usageError(command, e.getMessage());
        } catch (CommandLine.ParameterException e) {
            return usageError(e.getCommandLine(), withSuggestion(e));
        }
        return cli.execute(args);
    }

    /** The command tree, its subcommands made by the factory, its help wrapped at spaces; args: to start a run again. */
    CommandLine commandLine(List<String> args) {
        CommandLine cli = new CommandLine(new RootCommand(), new Factory(env, new RunStarter(env, args)));
        HelpWrap.install(cli);
        return cli;
    }

    /** picocli's message, plus what was probably meant: a close command or option name, or plan for a dry run. */
    private static String withSuggestion(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)) {
            return e.getMessage();
        }
        if (unmatched.getUnmatched().contains("--dry-run")) {
            return "apply has no --dry-run: 'plan' is the dry run (it takes the same options and writes what apply "
                    + "would do)";
        }
        List<String> suggestions = unmatched.getSuggestions();
        return suggestions.isEmpty() ? e.getMessage()
                : e.getMessage() + "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
    }

    private int usageError(CommandLine command, String message) {
        env.err().println("error: " + message);
        env.err().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.USAGE;
    }

    /**
     * Builds the subcommands and mixins with what their constructors ask for (constructor injection, no static state):
     * the environment, or the run starter. A type with no such constructor gets picocli's default.
     */
    private record Factory(CliEnvironment env, RunStarter starter) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                Object[] arguments = Arrays.stream(constructor.getParameterTypes()).map(this::argument).toArray();
                if (arguments.length > 0 && Arrays.stream(arguments).allMatch(Objects::nonNull)) {
                    return type.cast(constructor.newInstance(arguments));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }

        private Object argument(Class<?> parameter) {
            if (parameter == CliEnvironment.class) {
                return env;
            } else if (parameter == RunStarter.class) {
                return starter;
            }
            return null;
        }
    }
}
