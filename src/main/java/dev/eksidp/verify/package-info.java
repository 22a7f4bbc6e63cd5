/** verify: re-checks the DISASSOCIATED rows of a finished apply run against the live state, through the AWS access layer. */
package dev.eksidp.verify;
