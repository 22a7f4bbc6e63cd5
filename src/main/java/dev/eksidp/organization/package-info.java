/**
 * Which accounts of an AWS organisation a run covers: {@link dev.eksidp.organization.OrganizationScope} walks an
 * {@link dev.eksidp.organization.OrgTree} (read through the AWS access layer by
 * {@code dev.eksidp.aws.OrganizationsReader}) to the ACTIVE accounts under the given units, minus exclusions, and
 * {@link dev.eksidp.organization.OrganizationAccounts} keeps the skipped ones for the discovery summary.
 */
package dev.eksidp.organization;
