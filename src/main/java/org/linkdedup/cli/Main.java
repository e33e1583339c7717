package org.linkdedup.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.AutoComplete;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.InputChangedException;
import org.linkdedup.error.ExitCode;
import org.linkdedup.io.FileErrors;
import org.linkdedup.error.LinkdedupException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The {@code linkdedup} command: subcommands, exit codes and logging set up in one place. */
public final class Main extends LinkdedupCommand {
    private Main() {
        super("linkdedup");
        spec.usageMessage().width(100).synopsisSubcommandLabel("COMMAND")
                .description(
                    "Removes the duplicate runtime copies that Rust static libraries bundle into each other, before the linker sees them. Run it on the link order you give the linker.",
                    "")
                .footerHeading("%nExit status:%n")
                .footer(
                    "  0  success",
                    "  1  a gate of `check` failed",
                    "  2  usage error (bad option, missing file, no provider, output would overwrite an input)",
                    "  3  malformed or unreadable input (one line `linkdedup: FILE(MEMBER) at byte N: REASON`), or one that changed while being read",
                    "  4  internal error (a bug: please report it with the -v output)",
                    "",
                    "Run `linkdedup COMMAND --help` for each command's options and examples.");
        standardHelpOptions();
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Answered before the command line is built: build scripts ask this often.
            System.out.println(new Version().getVersion()[0]);
            System.exit(ExitCode.OK.code());
        }
        PrintWriter out = new org.linkdedup.report.BytePrintWriter(new FileOutputStream(FileDescriptor.out), false);
        PrintWriter err = new PrintWriter(ByteStrings.writer(new FileOutputStream(FileDescriptor.err)), true);
        processStreams = true;
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The subcommands, in the order --help lists them. */
    static final List<String> COMMANDS = List.of("plan", "apply", "check", "symbols", "exec", "cache", "generate-completion", "help");

    /**
     * A new model of subcommand {@code name}, one of {@link #COMMANDS}; for {@code generate-completion}
     * and {@code help}, picocli's own commands, which picocli reads from their annotations.
     */
    static Object subcommand(String name) {
        return switch (name) {
            case "plan" -> new PlanCommand().spec();
            case "apply" -> new ApplyCommand().spec();
            case "check" -> new CheckCommand().spec();
            case "symbols" -> new SymbolsCommand().spec();
            case "exec" -> new ExecCommand().spec();
            case "cache" -> new CacheCommand().spec();
            case "generate-completion" -> new AutoComplete.GenerateCompletion();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /** The command line of linkdedup with subcommand {@code only}, or with all of them when it is null. */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new Main().spec);
        for (String c : COMMANDS) {
            if (only == null || c.equals(only)) {
                cl.addSubcommand(c, subcommand(c));
            }
        }
        return cl;
    }

    /** Runs one command line with the given streams; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        // picocli registers a converter for every java.sql and java.time type it knows, by reflection, on
        // each command line built: loading and linking some 80 classes no option of ours takes (8 ms of
        // each start). Its own switch leaves them out (set here, so that every test parses with it).
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.sql\\..*|java\\.time\\..*");
        }
        // picocli's factory looks Groovy's Closure class up by name once: a miss that opens and indexes
        // the jar (some 5 ms) in a run that otherwise takes every class from the class-data archive.
        // Its own switch skips the lookup (no Groovy here).
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        // A run that names one command gets only that one's model (help, completion and errors get them all).
        String first = args.length == 0 ? "" : args[0];
        boolean one = COMMANDS.contains(first) && !first.equals("help") && !first.equals("generate-completion");
        CommandLine cl = commandLine(one ? first : null);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        if (first.equals("exec")) {
            // exec reads the link command's response files itself, with the rules of the compiler
            // drivers, and hands the linker a response file again (picocli's rules differ)
            cl.setExpandAtFiles(false);
        } else {
            String bad = unreadableResponseFile(args);
            if (bad != null) {
                err.println("linkdedup: " + bad);
                err.flush();
                return ExitCode.USAGE.code();
            }
        }
        Handlers h = new Handlers();
        cl.setParameterExceptionHandler(h);
        cl.setExecutionStrategy(h);
        cl.setExecutionExceptionHandler(h);
        cl.setExitCodeExceptionMapper(h);
        return cl.execute(args);
    }

    /**
     * How picocli hands a run back to linkdedup. A class, not four method references: picocli's
     * interfaces are Java 5 class files, and a lambda of one makes the class-data-sharing dump link
     * it, which leaves it out of the archive together with every class that implements it
     * (RunLast among them), to be loaded from the jar on every start.
     */
    private static final class Handlers implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionStrategy,
            CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            return badUsage(ex, args);
        }

        @Override
        public int execute(ParseResult parsed) {
            return Main.execute(parsed);
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
            return handle(ex, cl, parsed);
        }

        @Override
        public int getExitCode(Throwable ex) {
            return exitCodeOf(ex);
        }
    }

    /**
     * Why an {@code @file} argument cannot be read as a response file (it does not exist, is a
     * directory, cannot be read), or null when every one can.
     */
    static String unreadableResponseFile(String[] args) {
        for (String a : args) {
            if (a.length() < 2 || a.charAt(0) != '@') {
                continue;
            }
            java.nio.file.Path p = java.nio.file.Path.of(a.substring(1));
            if (java.nio.file.Files.isDirectory(p)) {
                return a + ": a directory, not a response file";
            } else if (!java.nio.file.Files.exists(p)) {
                return a + ": no such response file";
            } else if (!java.nio.file.Files.isReadable(p)) {
                return a + ": the response file cannot be read (permission denied)";
            }
        }
        return null;
    }

    /** A command-line error: one line naming it, and where the help is; no usage dump. */
    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("linkdedup: " + ex.getMessage());
        err.println("Try 'linkdedup " + (cl.getCommandName().equals("linkdedup") ? "" : cl.getCommandName() + " ")
                + "--help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static int execute(ParseResult parsed) {
        if (CommandLine.printHelpIfRequested(parsed)) {
            return ExitCode.OK.code();
        }
        int v = verbosity(parsed);
        if (v > 0 || Logging.raised) {   // WARN is the configured default: leave logging unstarted until something logs
            Logging.setVerbosity(v);
        }
        ParseResult sub = parsed.subcommand();
        boolean longRunning = sub != null && PROGRESS_COMMANDS.contains(sub.commandSpec().name());
        try (ProgressDisplay d = ProgressDisplay.startIf(processStreams && longRunning && v == 0 && ProgressDisplay.stderrIsTerminal(),
                parsed.commandSpec().commandLine().getErr(), org.linkdedup.io.Progress.global())) {
            return new CommandLine.RunLast().execute(parsed);
        }
    }

    /** The commands that show progress on a terminal ({@code symbols} streams its listing instead). */
    private static final java.util.Set<String> PROGRESS_COMMANDS = java.util.Set.of("plan", "apply", "check", "exec");

    /** Whether {@link #run} writes to this process's own stdout and stderr (from {@link #main}). */
    private static boolean processStreams;

    private static int verbosity(ParseResult parsed) {
        int v = 0;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.commandSpec().userObject() instanceof LinkdedupCommand c) {
                v = Math.max(v, c.logging().verbosity());
            }
        }
        return v;
    }

    /** Prints the one-line message of a failed run; the exit status comes from {@link #exitCodeOf}. */
    private static int handle(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        cl.getOut().flush();
        int code = cl.getExitCodeExceptionMapper().getExitCode(ex);
        err.println("linkdedup: " + messageOf(ex));
        if (verbosity(parsed) > 0 || code == ExitCode.INTERNAL_ERROR.code()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * The exit status of a run that ended with {@code ex}: the one place failures become statuses
     * (picocli asks it for command-line errors too).
     */
    static int exitCodeOf(Throwable ex) {
        ExitCode c;
        if (ex instanceof LinkdedupException le) {
            c = le.exitCode();
        } else if (InputChangedException.isFault(ex)) {   // a mapped input shrank (also wrapped by a thread pool)
            c = ExitCode.BAD_INPUT;
        } else if (ex instanceof CommandLine.ParameterException || ex instanceof NoSuchFileException) {
            c = ExitCode.USAGE;
        } else if (ex instanceof IOException) {
            c = ExitCode.BAD_INPUT;
        } else {
            c = ExitCode.INTERNAL_ERROR;
        }
        return c.code();
    }

    private static String messageOf(Throwable ex) {
        if (ex instanceof LinkdedupException) {
            return ex.getMessage();
        } else if (InputChangedException.isFault(ex)) {
            return InputChangedException.ofFault(ex).getMessage();
        } else if (ex instanceof FileSystemException fse && fse.getFile() != null) {
            return fse.getFile() + ": " + FileErrors.reason(fse);
        } else if (ex instanceof IOException) {
            return ex.getMessage();
        }
        return "internal error: " + ex;
    }

    /** {@code --version}: from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"linkdedup " + (v == null ? "dev" : v)};
        }
    }
}
