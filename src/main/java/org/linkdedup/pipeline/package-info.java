/**
 * The runs of linkdedup as library entry points that return values: {@link org.linkdedup.pipeline.Dedup}
 * (read, plan, verify: {@code plan}, {@code apply}, {@code exec}) and {@link org.linkdedup.pipeline.Check}
 * (simulate, analyse, evaluate the gates: {@code check}). They use every stage below them and
 * neither print nor format: {@code report} renders their values, {@code cli} prints them.
 */
package org.linkdedup.pipeline;
