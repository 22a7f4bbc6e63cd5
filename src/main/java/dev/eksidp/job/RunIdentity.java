package dev.eksidp.job;

import dev.eksidp.aws.BaseIdentity;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/** The run's {@link BaseIdentity} as job parameters, for its summary; not identifying (it does not make another run). */
public final class RunIdentity {

    private static final String ARN = "identity.arn";
    private static final String ACCOUNT = "identity.account";
    private static final String PROFILE = "identity.profile";
    private static final String REGION = "identity.region";
    private static final String ENDPOINT = "identity.endpoint";

    private RunIdentity() {
    }

    public static JobParameters add(JobParameters parameters, BaseIdentity identity) {
        return new JobParametersBuilder(parameters)
                .addString(ARN, identity.arn(), false)
                .addString(ACCOUNT, identity.account(), false)
                .addString(PROFILE, identity.profile(), false)
                .addString(REGION, identity.region(), false)
                .addString(ENDPOINT, identity.endpoint(), false)
                .toJobParameters();
    }

    /** The identity a run was started with, or null for a run started before the pre-flight existed. */
    public static BaseIdentity of(JobParameters p) {
        return p.getString(ARN) == null ? null : new BaseIdentity(p.getString(ARN), p.getString(ACCOUNT),
                p.getString(PROFILE), p.getString(REGION), p.getString(ENDPOINT));
    }
}
