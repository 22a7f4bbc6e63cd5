/** The lock-out policy: a service control policy that keeps a compromised issuer from being associated again. */
package dev.eksidp.lockout;
