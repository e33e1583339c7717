package org.linkdedup.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The stages stay apart: readers hold no policy, the planner holds no byte offsets, each stage uses
 * only the ones below it, only {@code report} formats, and the command line only parses, calls the
 * pipeline and prints. The rules are {@link ArchitectureRules}; {@link ArchitectureRulesBiteTest}
 * shows that each of them fails on a class that breaks it.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    static final String ROOT = "org.linkdedup";
    private static final ArchitectureRules RULES = new ArchitectureRules(ROOT);

    @ArchTest
    static final ArchRule readersKnowNoPolicy = RULES.readersKnowNoPolicy();

    @ArchTest
    static final ArchRule containerAndObjectReadersAreIndependent = RULES.containerAndObjectReadersAreIndependent();

    @ArchTest
    static final ArchRule plannerHoldsNoByteOffsets = RULES.plannerHoldsNoByteOffsets();

    @ArchTest
    static final ArchRule onlyTheCommandLineUsesTheCommandLine = RULES.onlyTheCommandLineUsesTheCommandLine();

    @ArchTest
    static final ArchRule libraryPackagesDoNotUsePicocli = RULES.libraryPackagesDoNotUsePicocli();

    @ArchTest
    static final ArchRule noCycles = RULES.noCycles();

    @ArchTest
    static final ArchRule layers = RULES.layers();

    @ArchTest
    static final ArchRule onlyReportWritesJson = RULES.onlyReportWritesJson();

    @ArchTest
    static final ArchRule onlyReportAndCliPrint = RULES.onlyReportAndCliPrint();

    @ArchTest
    static final ArchRule cliHoldsNoOrchestration = RULES.cliHoldsNoOrchestration();

    @ArchTest
    static final ArchRule reportOnlyRenders = RULES.reportOnlyRenders();
}
