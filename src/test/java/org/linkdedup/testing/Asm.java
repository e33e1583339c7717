package org.linkdedup.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small real objects and archives made at test time: x86_64 ELF objects from one-line symbol specs
 * ({@code "T name"} defines code, {@code "F name N"} code of N bytes with its size, {@code "H name"} hidden
 * code, {@code "D name"} data, {@code "U name"} references it) with
 * llvm-mc, archived with llvm-ar.
 */
public final class Asm {
    private final Path dir;

    public Asm(Path dir) {
        Fixtures.requireTool("llvm-mc", "llvm-ar");
        this.dir = dir;
    }

    /** Assembles {@code file} from specs; returns its path. */
    public Path object(String file, String... specs) {
        StringBuilder s = new StringBuilder();
        for (String spec : specs) {
            String kind = spec.substring(0, 1);
            String n = spec.substring(2).trim();
            s.append(switch (kind) {
                case "T" -> ".text\n.globl " + n + "\n.type " + n + ",@function\n" + n + ": ret\n";
                case "F" -> {
                    String[] nameSize = n.split("\\s+");
                    yield ".text\n.globl " + nameSize[0] + "\n.type " + nameSize[0] + ",@function\n" + nameSize[0] + ": .fill "
                            + nameSize[1] + ",1,0xc3\n.size " + nameSize[0] + ", " + nameSize[1] + "\n";
                }
                case "H" -> ".text\n.globl " + n + "\n.hidden " + n + "\n" + n + ": ret\n";
                case "D" -> ".data\n.globl " + n + "\n.type " + n + ",@object\n" + n + ": .quad 0\n";
                case "U" -> ".data\n.quad " + n + "\n";
                default -> throw new IllegalArgumentException(spec);
            });
        }
        try {
            Path src = dir.resolve(file + ".s");
            Files.createDirectories(src.getParent());
            Files.writeString(src, s.toString());
            Fixtures.run(dir, "llvm-mc", "-filetype=obj", "-triple", "x86_64-linux-gnu", "-o", file, file + ".s").assertOk();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return dir.resolve(file);
    }

    /** Archives the given (already assembled) members into {@code file}; returns its path. */
    public Path archive(String file, String... members) {
        List<String> cmd = new ArrayList<>(List.of("llvm-ar", "rcs", file));
        cmd.addAll(List.of(members));
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        return dir.resolve(file);
    }
}
