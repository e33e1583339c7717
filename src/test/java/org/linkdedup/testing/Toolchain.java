package org.linkdedup.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that is heavy on real toolchains or processes: it links with real linkers, builds with cargo,
 * runs programs (natively or under wine64), compares with llvm-nm over whole libraries, or kills
 * processes in the middle of a write. `mvn test` leaves these out, so that the unit tests alone take
 * well under a minute; `mvn verify` runs them after the unit tests (the {@code toolchain} execution of
 * surefire in pom.xml), and so does CI.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("toolchain")
public @interface Toolchain {
}
