package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command line in a command's {@code --help} examples is one the command accepts: each
 * {@code linkdedup …} line (its shell comment, pipe or redirection cut off) parses without a usage
 * error, with the options it names. An example with an option that does not exist (as {@code apply
 * --help} once showed {@code -q}) fails here.
 */
class HelpExamplesTest {
    @Test
    void everyExampleInEveryHelpParses() {
        int examples = 0;
        for (String c : Main.COMMANDS) {
            if (c.equals("help") || c.equals("generate-completion")) {
                continue;
            }
            CommandLine cl = Main.commandLine(c);
            cl.setExpandAtFiles(false);   // example @files do not exist here; exec never expands them anyway
            cl.setCaseInsensitiveEnumValuesAllowed(true);
            String help = cl.getSubcommands().get(c).getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String line : help.lines().toList()) {
                String l = line.strip();
                if (!l.startsWith("linkdedup " + c + " ")) {
                    continue;
                }
                List<String> args = words(l);
                try {
                    cl.parseArgs(args.subList(1, args.size()).toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    fail(c + " --help example does not parse: " + l + "\n  " + e.getMessage());
                }
                examples++;
            }
        }
        assertTrue(examples >= 15, "examples found: " + examples);
    }

    /** The words of an example line up to a shell comment, pipe or redirection; '…' quotes group. */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
                w = w == null ? new StringBuilder() : w;
            } else if (!quoted && Character.isWhitespace(ch)) {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else if (!quoted && w == null && (ch == '#' || ch == '|' || ch == '>')) {
                break;
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(ch);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }

    @Test
    void wordsStopAtCommentsPipesAndRedirections() {
        assertEquals(Arrays.asList("linkdedup", "symbols", "--format", "tsv", "a b"),
                words("linkdedup symbols --format tsv 'a b' | grep '\\.llvm\\.'"));
        assertEquals(List.of("linkdedup", "check", "x.a"), words("linkdedup check x.a     # in CI"));
        assertEquals(List.of("linkdedup", "symbols", "m.o"), words("linkdedup symbols m.o > out.json"));
    }
}
