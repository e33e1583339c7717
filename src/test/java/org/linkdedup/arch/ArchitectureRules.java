package org.linkdedup.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;

/**
 * The architecture of linkdedup as rules over the packages under one root: {@code org.linkdedup} for
 * the real code ({@link ArchitectureTest}), another root for the deliberately bad fixture classes
 * that prove each rule fails when broken ({@link ArchitectureRulesBiteTest}). docs/ARCHITECTURE.md
 * describes the same picture in words.
 *
 * <p>The stages, bottom up: {@code error} (exit codes, the exception family); {@code io} (bytes);
 * {@code archive} and {@code objfile} (readers, independent of each other); {@code link} (the link
 * order, loaded inputs, the link simulator); {@code exec} (link command lines, parsed into a link
 * order); {@code analysis} (what a
 * simulated link means: codegen units, split runtimes, duplicate pairs); {@code plan} and
 * {@code check} (decisions; check's results and baselines); {@code output} (trimmed archives);
 * {@code pipeline} (the runs: {@code Dedup}, {@code Check}); {@code report} (every text and JSON
 * form); {@code cli} (picocli commands).
 */
final class ArchitectureRules {
    private final String root;

    ArchitectureRules(String root) {
        this.root = root;
    }

    /** {@code root.p..} for each package {@code p}. */
    private String[] pkgs(String... names) {
        return Arrays.stream(names).map(n -> root + "." + n + "..").toArray(String[]::new);
    }

    private String cls(String name) {
        return root + "." + name;
    }

    /** Readers decode bytes; what a link does with them is decided above them. */
    ArchRule readersKnowNoPolicy() {
        return noClasses().that().resideInAnyPackage(pkgs("io", "archive", "objfile"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("link", "analysis", "plan", "check", "report",
                        "output", "exec", "pipeline", "cli", "cache"));
    }

    ArchRule containerAndObjectReadersAreIndependent() {
        return noClasses().that().resideInAnyPackage(pkgs("archive"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("objfile"));
    }

    /** Decisions and analyses work on members and symbols, never on bytes and offsets. */
    ArchRule plannerHoldsNoByteOffsets() {
        return noClasses().that().resideInAnyPackage(pkgs("plan", "check", "analysis"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("archive", "io", "objfile.bitcode"));
    }

    ArchRule onlyTheCommandLineUsesTheCommandLine() {
        return noClasses().that().resideOutsideOfPackages(pkgs("cli"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("cli"));
    }

    ArchRule libraryPackagesDoNotUsePicocli() {
        return noClasses().that().resideOutsideOfPackages(pkgs("cli"))
                .should().dependOnClassesThat().resideInAPackage("picocli..");
    }

    ArchRule noCycles() {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /**
     * Each stage uses only the stages below it (and {@code error}); {@code archive}/{@code objfile},
     * {@code plan}/{@code check} are peers that do not use each other; every class is in a stage.
     */
    ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInAnyPackage(root + "..")
                .layer("error").definedBy(pkgs("error"))
                .layer("io").definedBy(pkgs("io"))
                .layer("cache").definedBy(pkgs("cache"))
                .layer("archive").definedBy(pkgs("archive"))
                .layer("objfile").definedBy(pkgs("objfile"))
                .layer("link").definedBy(pkgs("link"))
                .layer("exec").definedBy(pkgs("exec"))
                .layer("analysis").definedBy(pkgs("analysis"))
                .layer("plan").definedBy(pkgs("plan"))
                .layer("check").definedBy(pkgs("check"))
                .layer("output").definedBy(pkgs("output"))
                .layer("pipeline").definedBy(pkgs("pipeline"))
                .layer("report").definedBy(pkgs("report"))
                .layer("cli").definedBy(pkgs("cli"))
                .whereLayer("error").mayNotAccessAnyLayer()
                .whereLayer("io").mayOnlyAccessLayers("error")
                .whereLayer("cache").mayOnlyAccessLayers("io", "error")
                .whereLayer("archive").mayOnlyAccessLayers("io", "error")
                .whereLayer("objfile").mayOnlyAccessLayers("io", "error")
                .whereLayer("link").mayOnlyAccessLayers("archive", "objfile", "io", "error")
                .whereLayer("exec").mayOnlyAccessLayers("link", "io", "error")
                .whereLayer("analysis").mayOnlyAccessLayers("link", "objfile", "error")
                .whereLayer("plan").mayOnlyAccessLayers("analysis", "link", "objfile", "error")
                .whereLayer("check").mayOnlyAccessLayers("analysis", "link", "objfile", "error")
                .whereLayer("output").mayOnlyAccessLayers("link", "archive", "objfile", "io", "error")
                .whereLayer("pipeline").mayOnlyAccessLayers("output", "plan", "check", "analysis", "link", "exec",
                        "cache", "archive", "objfile", "io", "error")
                .whereLayer("report").mayOnlyAccessLayers("pipeline", "output", "plan", "check", "analysis", "link",
                        "exec", "archive", "objfile", "io", "error")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .ensureAllClassesAreContainedInArchitecture();
    }

    /**
     * Only {@code report} writes JSON: no class outside it uses Jackson, except the baseline file
     * ({@code check.BaselineFile}), which is persistence and reads JSON back.
     */
    ArchRule onlyReportWritesJson() {
        return noClasses().that().resideOutsideOfPackages(pkgs("report"))
                .and().doNotHaveFullyQualifiedName(cls("check.BaselineFile"))
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .as("no classes outside " + root + ".report (but " + cls("check.BaselineFile") + ") should use Jackson");
    }

    /** Only {@code report} and {@code cli} print: nobody else touches a print stream or stdout/stderr. */
    ArchRule onlyReportAndCliPrint() {
        return noClasses().that().resideOutsideOfPackages(pkgs("report", "cli"))
                .should().dependOnClassesThat().belongToAnyOf(PrintWriter.class, PrintStream.class)
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err");
    }

    /**
     * The command line holds no orchestration: it neither reads inputs, runs the link simulator, the
     * planner or the verifier, nor touches what {@code analysis} and {@code check} compute (results,
     * gates, baselines), nor writes outputs ({@code output}); it calls {@code pipeline} and hands the
     * value to {@code report}.
     */
    ArchRule cliHoldsNoOrchestration() {
        return noClasses().that().resideInAnyPackage(pkgs("cli"))
                .should().dependOnClassesThat().haveFullyQualifiedName(cls("link.LinkSimulator"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("plan.Planner"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("plan.Verifier"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("link.InputLoader"))
                .orShould().dependOnClassesThat().resideInAnyPackage(pkgs("analysis", "check", "output"));
    }

    /**
     * Reports only word what they are given: no report reads inputs, simulates, plans, analyses,
     * writes archives or baselines, or starts a pipeline run (calls a static method of
     * {@code pipeline}); the values of those stages (their nested records) are what it renders.
     */
    ArchRule reportOnlyRenders() {
        DescribedPredicate<JavaMethodCall> startsARun = DescribedPredicate.describe("a static method of " + root + ".pipeline",
                call -> call.getTargetOwner().getPackageName().startsWith(root + ".pipeline")
                        && call.getTarget().resolveMember().map(m -> m.getModifiers().contains(JavaModifier.STATIC)).orElse(false));
        return noClasses().that().resideInAnyPackage(pkgs("report"))
                .should().dependOnClassesThat().haveFullyQualifiedName(cls("link.InputLoader"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("link.LinkSimulator"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("plan.Planner"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("plan.Verifier"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("analysis.SplitHazards"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("analysis.DuplicatePairs"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("output.TrimmedArchives"))
                .orShould().dependOnClassesThat().haveFullyQualifiedName(cls("check.BaselineFile"))
                .orShould().callMethodWhere(startsARun);
    }
}
