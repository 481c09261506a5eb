package io.egressfed.cli;

import io.egressfed.api.v1alpha1.AdminTokenInfo;
import io.egressfed.api.v1alpha1.AdminTokenList;
import io.egressfed.api.v1alpha1.CreateAdminTokenResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code egressctl token create|list|revoke}: admin API tokens (admin role only). */
@Command(name = "token", description = "Admin API tokens: create (shown once), list, revoke. Needs an admin token.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    EgressCtl root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(root.context().err());
        return EgressCtl.USAGE;
    }

    /** {@code egressctl token create NAME --role ROLE}. */
    @Command(name = "create", description = "Create a token; it is printed once and only its hash is kept.")
    static final class Create extends Subcommand implements Callable<Integer> {

        @ParentCommand
        TokenCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "the token's name (a DNS label; audit records "
                + "show token:NAME)")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "admin (everything), operator (intents and failover) or viewer (read only)")
        String role;

        @Mixin
        JsonOutputOption output;

        @Override
        EgressCtl root() {
            return parent.root;
        }

        @Override
        public Integer call() {
            boolean json = output.json();
            CreateAdminTokenResponse created = client().createToken(name, role);
            PrintWriter out = out();
            if (json) {
                out.println(Json.print(created));
                return 0;
            }
            out.println("Token \"" + created.getName() + "\" (role " + created.getRole()
                    + ") created. It is shown only now:");
            out.println("  " + created.getToken());
            return 0;
        }
    }

    /** {@code egressctl token list}. */
    @Command(name = "list", description = "List tokens: names, roles, creation times (never secrets).")
    static final class ListTokens extends Subcommand implements Callable<Integer> {

        @ParentCommand
        TokenCommand parent;

        @Mixin
        JsonOutputOption output;

        @Override
        EgressCtl root() {
            return parent.root;
        }

        @Override
        public Integer call() {
            boolean json = output.json();
            AdminTokenList tokens = client().listTokens();
            if (json) {
                out().println(Json.print(tokens));
                return 0;
            }
            Table table = new Table("NAME", "ROLE", "AGE");
            for (AdminTokenInfo token : tokens.getItemsList()) {
                table.row(token.getName(), token.getRole(), Times.age(token.getCreatedAt(), now()));
            }
            table.print(out());
            return 0;
        }
    }

    /** {@code egressctl token revoke NAME}. */
    @Command(name = "revoke", description = "Revoke a token; calls presenting it fail from then on.")
    static final class Revoke extends Subcommand implements Callable<Integer> {

        @ParentCommand
        TokenCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "the token to revoke")
        String name;

        @Override
        EgressCtl root() {
            return parent.root;
        }

        @Override
        public Integer call() {
            client().revokeToken(name);
            out().println("token \"" + name + "\" revoked");
            return 0;
        }
    }
}
