/** Progress lines for every phase of a long command, so none is silent: on a terminal and in the log. */
package dev.eksidp.progress;
