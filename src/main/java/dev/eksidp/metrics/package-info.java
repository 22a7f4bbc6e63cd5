/** --metrics-file: the Prometheus text file a run leaves, and the AWS call counter (an SDK interceptor). */
package dev.eksidp.metrics;
