package dev.eksidp.cli;

import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/** Entry point: parses the command line, runs one subcommand, exits with a code a scheduler can act on. */
public final class Main {

    private final CliEnvironment env;
    private final Clock clock;

    public Main(CliEnvironment env) {
        this(env, Clock.systemUTC());
    }

    /** @param clock what every command takes the time from (run ids, plan ages, report names) */
    public Main(CliEnvironment env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    public static void main(String[] args) {
        CliEnvironment env = new CliEnvironment(System.out, System.err,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), Terminal.interactive(),
                System.getProperty("eksidp.launcher", CliEnvironment.DEFAULT_LAUNCHER), GracefulStop.install(System.out), System.getenv());
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
        CommandLine cli = new CommandLine(new RootCommand(), new Factory(env, new RunStarter(env, clock, args), clock));
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

    /** Builds the subcommands with what they need (constructor injection, no static state). */
    private record Factory(CliEnvironment env, RunStarter starter, Clock clock) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            Object command;
            if (type == PlanCommand.class) {
                command = new PlanCommand(starter);
            } else if (type == ApplyCommand.class) {
                command = new ApplyCommand(starter);
            } else if (type == ResumeCommand.class) {
                command = new ResumeCommand(env, clock);
            } else if (type == ExecutionsCommand.class) {
                command = new ExecutionsCommand(env);
            } else if (type == DiscoverCommand.class) {
                command = new DiscoverCommand(env, clock);
            } else if (type == VerifyCommand.class) {
                command = new VerifyCommand(env, clock);
            } else if (type == ReportCommand.class) {
                command = new ReportCommand(env, clock);
            } else if (type == PruneCommand.class) {
                command = new PruneCommand(env, clock);
            } else if (type == RestoreCommand.class) {
                command = new RestoreCommand(starter);
            } else if (type == LockoutCommand.class) {
                command = new LockoutCommand(env);
            } else if (type == MetricsOptions.class) {
                command = new MetricsOptions(clock);
            } else if (type == RepositoryOptions.class) {
                command = new RepositoryOptions(env.environment());
            } else if (type == SimulatorCommand.class) {
                command = new SimulatorCommand(env);
            } else {
                return CommandLine.defaultFactory().create(type);
            }
            return type.cast(command);
        }
    }

}
