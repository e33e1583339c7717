package org.linkdedup.fuzz;

/**
 * Settings shared by the fuzz targets. In fuzzing mode ({@code mvn test -Pfuzz}, see bench/fuzz.sh)
 * the budget and libFuzzer's {@code -max_len} come from the {@code fuzz} profile of pom.xml; these
 * are the defaults of a plain {@code JAZZER_FUZZ=1 mvn test -Dtest=...} run.
 */
final class FuzzSettings {
    private FuzzSettings() {
    }

    /** The largest input a target reads: every seed fits (the largest, a universal Mach-O, is 17.5 KiB). */
    static final int MAX_LEN = 20 * 1024;

    /**
     * One input taking longer than this is a hang: a read of 20 KiB takes well under a millisecond
     * once the JIT has warmed up. In fuzzing mode libFuzzer enforces it ({@code -timeout} in the
     * {@code fuzz} profile; JUnit's {@code @Timeout} would limit the whole fuzzing run instead), in
     * regression mode {@link ReaderContract#target}.
     */
    static final long TIMEOUT_SECONDS = 10;

    /** Whether Jazzer is fuzzing (the {@code JAZZER_FUZZ} environment variable), not replaying inputs. */
    static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty();

    /** Fuzzing budget of a run without the profile. */
    static final String DEFAULT_DURATION = "2m";
}
