package io.egressfed.cli;

import io.egressfed.api.manifest.ManifestCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code egressctl}: the kubectl-like client of the egressfed hub's admin API.
 *
 * <p>Exit codes: 0 success, 1 the hub refused (its message is printed) or the input is invalid,
 * 2 a usage error.
 */
@Command(name = "egressctl", mixinStandardHelpOptions = true, versionProvider = EgressCtl.Version.class,
        description = "Manage egressfed: egress IP pools, member clusters and egress intents.",
        subcommands = {ApplyCommand.class, GetCommand.class, DescribeCommand.class, DeleteCommand.class,
            ClusterCommand.class, FailoverCommand.class, WhoisCommand.class, AuditCommand.class,
            TokenCommand.class, VersionCommand.class, CompletionCommand.class})
public final class EgressCtl implements Callable<Integer> {

    /** Exit code of a refusal by the hub or invalid input. */
    public static final int REFUSED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CliContext context;
    private final ManifestCodec codec = ManifestCodec.create();

    EgressCtl(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Runs egressctl in this process and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /**
     * Runs egressctl with the given surroundings, e.g. inside a test.
     *
     * @param context output streams, stdin, environment and home directory
     * @param args the command line
     * @return the exit code: 0 success, 1 refused by the hub or invalid input, 2 usage error
     */
    public static int run(CliContext context, String... args) {
        CommandLine commandLine = commandLine(context);
        int exitCode = commandLine.execute(args);
        context.out().flush();
        context.err().flush();
        return exitCode;
    }

    /**
     * The picocli command tree, e.g. for generating shell completion.
     *
     * @param context the surroundings the commands will use
     * @return the command line, ready to execute
     */
    static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new EgressCtl(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            if (failure instanceof ServerRefusal refusal) {
                err.println(refusal.describe());
                return REFUSED;
            }
            if (failure instanceof CliFailure problem) {
                err.println("error: " + problem.getMessage());
                return REFUSED;
            }
            if (failure instanceof UsageFailure usage) {
                err.println("error: " + usage.getMessage());
                err.println("See '" + failed.getCommandSpec().qualifiedName() + " --help'.");
                return USAGE;
            }
            throw failure;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(context.err());
        return USAGE;
    }

    CliContext context() {
        return context;
    }

    ManifestCodec codec() {
        return codec;
    }

    /** A client of the hub that the options, the environment or the config file name. */
    AdminClient client() {
        return new AdminClient(new HttpTransport(connection.resolve(context)), codec);
    }

    /** The version of this egressctl, from the build. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = EgressCtl.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    /** Answers {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"egressctl " + version()};
        }
    }
}
