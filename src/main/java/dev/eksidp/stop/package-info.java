/** How a run stops on request (a signal, the error budget) without starting a new change, and wakes its waits. */
package dev.eksidp.stop;
