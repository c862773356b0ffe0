package dev.saissuer.issuer.storage;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ChainedTokenCredentialBuilder;
import com.azure.identity.EnvironmentCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.saissuer.keys.BadInputException;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the Azure Blob client from the environment variables the Azure CLI reads, in this order: a
 * connection string ({@code AZURE_STORAGE_CONNECTION_STRING}); or an account ({@code AZURE_STORAGE_ACCOUNT},
 * or {@code --endpoint}) with an account key ({@code AZURE_STORAGE_KEY}), a SAS token
 * ({@code AZURE_STORAGE_SAS_TOKEN}) or else a Microsoft Entra token from the first of: a service principal in
 * the environment ({@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_SECRET}), workload
 * identity ({@code AZURE_FEDERATED_TOKEN_FILE}, as the AKS webhook sets it), managed identity, the Azure CLI's
 * login: DefaultAzureCredential's server-side members, in its order. Secrets never come from flags.
 */
final class AzureClients {
    static final String CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING";
    static final String ACCOUNT = "AZURE_STORAGE_ACCOUNT";
    static final String ACCOUNT_KEY = "AZURE_STORAGE_KEY";
    static final String SAS_TOKEN = "AZURE_STORAGE_SAS_TOKEN";

    private AzureClients() {}

    static BlobServiceClient serviceClient(StoreOptions options) {
        Map<String, String> env = options.environment();
        // Three tries within about half a minute: a CronJob retries on its next run, --watch on the next change.
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(
                        RetryPolicyType.EXPONENTIAL,
                        3,
                        Duration.ofSeconds(20),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(4),
                        null));
        String connectionString = nonBlank(env.get(CONNECTION_STRING));
        String account = nonBlank(env.get(ACCOUNT));
        String endpoint = options.endpoint() == null ? null : options.endpoint().toString();
        if (connectionString != null) {
            builder.connectionString(connectionString);
            if (endpoint != null) {
                builder.endpoint(endpoint);
            }
            return builder.buildClient();
        }
        if (account == null && endpoint == null) {
            throw new BadInputException("no Azure storage account: set " + CONNECTION_STRING + ", or " + ACCOUNT
                    + " (or --endpoint) with " + ACCOUNT_KEY + ", " + SAS_TOKEN + " or a workload identity");
        }
        builder.endpoint(endpoint != null ? endpoint : "https://" + account + ".blob.core.windows.net");
        String key = nonBlank(env.get(ACCOUNT_KEY));
        String sas = nonBlank(env.get(SAS_TOKEN));
        if (key != null) {
            if (account == null) {
                throw new BadInputException(ACCOUNT_KEY + " is set without " + ACCOUNT + " (the key's account name)");
            }
            builder.credential(new StorageSharedKeyCredential(account, key));
        } else if (sas != null) {
            builder.sasToken(sas);
        } else {
            builder.credential(entraCredential(env));
        }
        return builder.buildClient();
    }

    private static TokenCredential entraCredential(Map<String, String> env) {
        ChainedTokenCredentialBuilder chain =
                new ChainedTokenCredentialBuilder().addLast(new EnvironmentCredentialBuilder().build());
        String tokenFile = nonBlank(env.get("AZURE_FEDERATED_TOKEN_FILE"));
        if (tokenFile != null) {
            // The AKS workload identity webhook sets these three for the pod's service account.
            chain.addLast(new WorkloadIdentityCredentialBuilder()
                    .clientId(env.get("AZURE_CLIENT_ID"))
                    .tenantId(env.get("AZURE_TENANT_ID"))
                    .tokenFilePath(tokenFile)
                    .build());
        }
        return chain.addLast(new ManagedIdentityCredentialBuilder().build())
                .addLast(new AzureCliCredentialBuilder().build())
                .build();
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
