/** apply --plan: the seal of a reviewed plan, and the targets file derived from its WOULD_DISASSOCIATE rows. */
package dev.eksidp.plan;
