/**
 * The values of {@code check} and their persistence: the predicted link
 * ({@link org.linkdedup.check.CheckResult}), failed gates ({@link org.linkdedup.check.GateFailure}),
 * baselines and how a later link regresses from one ({@link org.linkdedup.check.Baseline}), and the
 * baseline's JSON file ({@link org.linkdedup.check.BaselineFile}, the one Jackson user outside
 * {@code report}). Running a check is {@code pipeline.Check}; wording it is {@code report.CheckReport}.
 */
package org.linkdedup.check;
