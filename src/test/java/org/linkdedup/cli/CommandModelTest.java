package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.plan.PlanOptions;
import org.linkdedup.plan.RewriteMode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands' picocli models, built in code: the same options, types, arities, labels,
 * defaults and converters as the annotations declared (command-models.txt was listed from the
 * annotated commands), no picocli annotation left to read, and the shared option groups read
 * back typed.
 */
class CommandModelTest {
    @Test
    void everyCommandHasTheOptionsTheAnnotationsGaveIt() throws Exception {
        StringBuilder listing = new StringBuilder(ModelListing.of(Main.commandLine("plan").getCommandSpec()));
        for (String c : Main.COMMANDS) {
            if (!c.equals("help") && !c.equals("generate-completion")) {
                listing.append(ModelListing.of(Main.commandLine(c).getSubcommands().get(c).getCommandSpec()));
            }
        }
        String expected;
        try (InputStream in = CommandModelTest.class.getResourceAsStream("command-models.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, listing.toString());
    }

    @Test
    void aRunBuildsOnlyItsCommandAndHelpBuildsThemAll() {
        assertEquals(Set.of("apply"), Main.commandLine("apply").getSubcommands().keySet());
        assertEquals(List.copyOf(Main.COMMANDS), List.copyOf(Main.commandLine(null).getSubcommands().keySet()));
        assertThrows(IllegalArgumentException.class, () -> Main.subcommand("nosuch"));
    }

    /** What picocli would read at start-up if it were there: no command or option group carries a picocli annotation. */
    @Test
    void noPicocliAnnotationIsLeftOnTheCommands() {
        List<String> found = new ArrayList<>();
        for (Class<?> c : List.of(Main.class, PlanCommand.class, ApplyCommand.class, CheckCommand.class, SymbolsCommand.class,
                ExecCommand.class, CacheCommand.class, LoggingMixin.class, PlanArgs.class, LinkArgs.class, CacheArgs.class,
                Arg.class, LinkdedupCommand.class)) {
            List<Class<?>> classes = new ArrayList<>(List.of(c));
            classes.addAll(List.of(c.getDeclaredClasses()));
            for (Class<?> k : classes) {
                List<AnnotatedElement> elements = new ArrayList<>(List.of(k));
                elements.addAll(List.of(k.getDeclaredFields()));
                for (Executable e : concat(k.getDeclaredMethods(), k.getDeclaredConstructors())) {
                    elements.add(e);
                    for (Parameter p : e.getParameters()) {
                        elements.add(p);
                    }
                }
                for (AnnotatedElement e : elements) {
                    for (Annotation a : e.getDeclaredAnnotations()) {
                        if (a.annotationType().getName().startsWith("picocli.")) {
                            found.add(e + ": " + a.annotationType().getSimpleName());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static List<Executable> concat(Executable[] a, Executable[] b) {
        List<Executable> out = new ArrayList<>(List.of(a));
        out.addAll(List.of(b));
        return out;
    }

    @Test
    void theSharedOptionsReadBackTyped() throws Exception {
        CommandSpec spec = CommandSpec.create();
        LoggingMixin logging = new LoggingMixin(spec);
        PlanArgs plan = new PlanArgs(spec);
        LinkArgs link = new LinkArgs(spec);
        CacheArgs cache = new CacheArgs(spec);
        CommandLine cl = new CommandLine(spec);
        cl.parseArgs("-vv", "--provider", "b.a", "--crate", "x", "--crate", "y", "--shared-deps", "--no-verify", "--rewrite", "none",
                "--localize", "s1", "--localize=s2", "--allow-split", "--linker", "lld-macho", "--dead-strip",
                "--cache-dir", "/tmp/c", "--cache-max-size", "2M", "-v", "a.o", "b.a");
        assertEquals(3, logging.verbosity());
        PlanOptions options = plan.options(link.order());
        assertEquals(List.of(Path.of("a.o"), Path.of("b.a")), link.order().paths());
        assertEquals(1, options.provider());
        assertEquals(List.of("x", "y"), options.crates());
        assertTrue(options.sharedDeps());
        assertEquals(RewriteMode.NONE, options.rewrite());
        assertEquals(Set.of("s1", "s2"), options.localize());
        assertTrue(plan.noVerify());
        assertTrue(plan.allowSplit());
        assertEquals(LinkerModel.LLD_MACHO, link.linker());
        assertTrue(link.deadStrip());
        assertFalse(cache.noCache());
        if (System.getenv("LINKDEDUP_NO_CACHE") == null) {
            assertEquals(Path.of("/tmp/c"), cache.settings().dir());
            assertEquals(2L << 20, cache.settings().maxBytes());
        }

        // a second parse starts from the defaults again, not from the first one's values
        cl.parseArgs("libperry_stdlib.a");
        assertEquals(0, logging.verbosity());
        options = plan.options(link.order());
        assertEquals(List.of(PlanOptions.DEFAULT_CRATE), options.crates());
        assertFalse(options.sharedDeps());
        assertEquals(RewriteMode.WEAKEN, options.rewrite());
        assertEquals(Set.of(), options.localize());
        assertFalse(plan.noVerify());
        assertFalse(plan.allowSplit());
        assertNull(link.linker());
        assertFalse(link.deadStrip());
        cl.parseArgs("--no-cache", "x.a");
        assertTrue(cache.noCache());
    }
}
