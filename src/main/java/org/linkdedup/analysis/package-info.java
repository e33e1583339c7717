/**
 * What a simulated link means, by Rust's naming: the codegen unit a member holds
 * ({@link org.linkdedup.analysis.CodegenUnit}), split runtimes ({@link org.linkdedup.analysis.SplitHazards})
 * and the member pairs sharing the most duplicates ({@link org.linkdedup.analysis.DuplicatePairs}).
 * Works on members and symbols of {@code link}, never on bytes; used by {@code plan}, {@code check}
 * and {@code pipeline}.
 */
package org.linkdedup.analysis;
