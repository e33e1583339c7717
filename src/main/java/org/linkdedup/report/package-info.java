/**
 * Every text and JSON form linkdedup prints: the {@code [strip-dedup]} lines and {@code --json}
 * document of a {@code pipeline.Dedup} ({@link org.linkdedup.report.PlanReport},
 * {@link org.linkdedup.report.PlanJson}), those of a {@code pipeline.Check} and its failed gates
 * ({@link org.linkdedup.report.CheckReport}), symbol listings, and the JSON writer
 * ({@link org.linkdedup.report.Json}). Renders values only: it reads no inputs and runs no stage.
 */
package org.linkdedup.report;
