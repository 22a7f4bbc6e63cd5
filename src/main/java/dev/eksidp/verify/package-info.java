/**
 * verify: re-checks the DISASSOCIATED rows of a finished apply run against the live state, through the AWS access
 * layer ({@link dev.eksidp.verify.Verifier}); with --issuer-url, judges a re-scan of the whole scope
 * ({@link dev.eksidp.verify.ScopeVerdict}).
 */
package dev.eksidp.verify;
