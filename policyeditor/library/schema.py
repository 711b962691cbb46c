"""The library's tables on PostgreSQL, its roles and privileges, and the migrations between versions.

The tables mirror the .policy file's (store/schema.py), one policy per
`policy_id` (the `policy_id` every copy of the policy carries in its meta):
section texts (`contents`) and outlines (`shapes`) are content-addressed by
the same sha256 the file uses, so any two copies and the library name a text
by the same hash, a version by its label, a comment and an approval by their
ids. A version lists its texts as `contents.id`s in document order, as the file
does with its row ids (8 bytes a section per version instead of a 64-byte hash).

Every write to a policy bumps `policies.revision` under the policy row's lock
and stamps the rows it adds or changes with that number (`rev`), so a copy asks
for "everything after revision N" and misses nothing: writers to one policy
take turns, so revisions commit in order.

What is never rewritten is enforced on the server, for every role, table owner
included: triggers refuse UPDATE and DELETE of section texts, outlines,
approvals and the audit log, and any change of a version but its status (and
never from a locked status back). Library roles are PostgreSQL group roles
(`library_owner`, `library_author`, `library_reviewer`, `library_reader`)
holding table privileges; which policies a user sees and may change is the
`members` table, enforced by row-level security (see `roles.py`).

Version 2 checks signed approvals on the server (a policy whose copy has a
roster takes only approvals carrying their signed record, see library/signed.py)
and makes the functions that read past row-level security answer strangers nothing.

Version 3 carries the roster and the signed records of versions and status
changes (`signatures`), and refuses an approval or a status change whose signer
is not on the roster in the role the step needs, or whose record names another
policy, version or text.

Version 4 verifies the Ed25519 signatures themselves on the server, of every
signed approval and signed record it takes (library/ed25519.py: RFC 8032 in
PL/pgSQL over `numeric`, no extension needed); the client checks them too, on
send and on receive (library/signed.py).

Version 5 keeps the pictures the texts show (`pictures`, by the sha256 of their
bytes, which the server checks), so a copy pulled on another machine shows them.

Version 6 checks a status change's signer against the roster as of the head its
record names (`roster`), as approvals are, not the roster as it is when it arrives.

Version 7 refuses an approval whose record names a roster head in a library that
holds no roster of the policy, as it refuses one naming a head it lacks, and holds one naming no
head to the roster as it is when it arrives (version 3 refused every such approval once the
library had the roster).

`schema_version` holds one row per migration applied. `MIGRATIONS[n]` takes a
version-n library to n+1; each runs in the transaction of `init_library`.
"""

from __future__ import annotations

import psycopg

from policyeditor.core.errors import LibraryError
from policyeditor.library import ed25519
from policyeditor.library.connection import library_errors

ROLES = ("owner", "author", "reviewer", "reader")
GROUP_ROLES = {role: f"library_{role}" for role in ROLES}

# Which member roles may write which table (row-level security, per policy).
WRITERS = {
    "policies": ("owner", "author", "reviewer"),  # a sync bumps the revision
    "contents": ("owner", "author"),
    "shapes": ("owner", "author"),
    "versions": ("owner", "author", "reviewer"),  # reviewers change a status only (column privileges)
    "drafts": ("owner", "author"),
    "comments": ("owner", "author", "reviewer"),
    "approvals": ("owner", "reviewer"),
    "audit": ("owner", "author", "reviewer"),
}

_TABLES_V1 = [
    """CREATE TABLE schema_version (
        version integer PRIMARY KEY,
        applied timestamptz NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE policies (
        id text PRIMARY KEY,
        title text NOT NULL,
        owner text NOT NULL DEFAULT current_user,
        created timestamptz NOT NULL DEFAULT now(),
        review_months integer NOT NULL DEFAULT 12 CHECK (review_months > 0),
        review_due date NOT NULL DEFAULT (current_date + interval '12 months'),
        revision bigint NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE members (
        policy_id text NOT NULL REFERENCES policies(id),
        member text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'author', 'reviewer', 'reader')),
        PRIMARY KEY (policy_id, member)
    )""",
    """CREATE TABLE contents (
        id bigserial PRIMARY KEY,
        policy_id text NOT NULL REFERENCES policies(id),
        hash text NOT NULL,
        heading text NOT NULL,
        body text NOT NULL,
        rev bigint NOT NULL,
        UNIQUE (policy_id, hash)
    )""",
    """CREATE TABLE shapes (
        policy_id text NOT NULL REFERENCES policies(id),
        hash text NOT NULL,
        tree text NOT NULL,
        rev bigint NOT NULL,
        PRIMARY KEY (policy_id, hash)
    )""",
    """CREATE TABLE versions (
        policy_id text NOT NULL REFERENCES policies(id),
        label text NOT NULL,
        origin_label text NOT NULL,
        author text NOT NULL,
        created text NOT NULL,
        note text NOT NULL DEFAULT '',
        status text NOT NULL
            CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'superseded')),
        parent text,
        content_hash text NOT NULL,
        title text NOT NULL,
        metadata text NOT NULL,
        properties text NOT NULL DEFAULT '{}',
        shape text NOT NULL,
        section_ids bigint[] NOT NULL,
        signature text,
        signer_key text,
        seq bigserial,
        rev bigint NOT NULL,
        PRIMARY KEY (policy_id, label),
        FOREIGN KEY (policy_id, parent) REFERENCES versions(policy_id, label),
        FOREIGN KEY (policy_id, shape) REFERENCES shapes(policy_id, hash)
    )""",
    "CREATE INDEX versions_by_rev ON versions(policy_id, rev)",
    """CREATE TABLE drafts (
        policy_id text PRIMARY KEY REFERENCES policies(id),
        title text NOT NULL,
        metadata text NOT NULL,
        properties text NOT NULL DEFAULT '{}',
        shape text NOT NULL,
        section_ids bigint[] NOT NULL,
        revision bigint NOT NULL,
        updated timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL DEFAULT current_user,
        FOREIGN KEY (policy_id, shape) REFERENCES shapes(policy_id, hash)
    )""",
    """CREATE TABLE comments (
        policy_id text NOT NULL REFERENCES policies(id),
        id text NOT NULL,
        version text,
        section_id text NOT NULL,
        quote text NOT NULL DEFAULT '',
        prefix text NOT NULL DEFAULT '',
        suffix text NOT NULL DEFAULT '',
        start_offset integer,
        end_offset integer,
        author text NOT NULL,
        initials text NOT NULL DEFAULT '',
        created text NOT NULL,
        body text NOT NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
        parent_id text,
        edited text,
        deleted integer NOT NULL DEFAULT 0,
        seq bigserial,
        rev bigint NOT NULL,
        PRIMARY KEY (policy_id, id),
        FOREIGN KEY (policy_id, version) REFERENCES versions(policy_id, label),
        FOREIGN KEY (policy_id, parent_id) REFERENCES comments(policy_id, id)
    )""",
    "CREATE INDEX comments_by_rev ON comments(policy_id, rev)",
    """CREATE TABLE approvals (
        policy_id text NOT NULL REFERENCES policies(id),
        id text NOT NULL,
        version text NOT NULL,
        reviewer text NOT NULL,
        created text NOT NULL,
        content_hash text NOT NULL,
        signature text,
        signer_key text,
        seq bigserial,
        rev bigint NOT NULL,
        PRIMARY KEY (policy_id, id),
        FOREIGN KEY (policy_id, version) REFERENCES versions(policy_id, label)
    )""",
    """CREATE TABLE audit (
        policy_id text NOT NULL REFERENCES policies(id),
        seq bigint NOT NULL,
        time text NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        payload text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        signature text,
        signer_key text,
        db_user text NOT NULL DEFAULT current_user,
        PRIMARY KEY (policy_id, seq)
    )""",
]

# Triggers: what the record needs, enforced on the server whoever connects.
_TRIGGERS_V1 = [
    """CREATE FUNCTION library_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% cannot be changed or removed once stored', TG_ARGV[0];
    END $$""",
    *[
        f"""CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION library_refuse('{what}')"""
        for table, what in (
            ("contents", "a section text"),
            ("shapes", "an outline"),
            ("approvals", "an approval"),
            ("audit", "an audit entry"),
        )
    ],
    """CREATE FUNCTION library_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'a saved version cannot be removed';
        END IF;
        IF (NEW.policy_id, NEW.label, NEW.origin_label, NEW.author, NEW.created, NEW.note, NEW.parent,
            NEW.content_hash, NEW.title, NEW.metadata, NEW.properties, NEW.shape, NEW.section_ids,
            NEW.seq)
           IS DISTINCT FROM
           (OLD.policy_id, OLD.label, OLD.origin_label, OLD.author, OLD.created, OLD.note, OLD.parent,
            OLD.content_hash, OLD.title, OLD.metadata, OLD.properties, OLD.shape, OLD.section_ids,
            OLD.seq) THEN
            RAISE EXCEPTION 'version % cannot change: only its status can', OLD.label;
        END IF;
        IF OLD.status IN ('approved', 'published', 'superseded')
           AND NEW.status NOT IN ('approved', 'published', 'superseded') THEN
            RAISE EXCEPTION 'version % is % and cannot become %', OLD.label, OLD.status, NEW.status;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER versions_immutable BEFORE UPDATE OR DELETE ON versions
        FOR EACH ROW EXECUTE FUNCTION library_version_change()""",
    # The audit chain continues: each entry follows the last one of its policy, hash to hash.
    """CREATE FUNCTION library_audit_follows() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public AS $$
    DECLARE last_seq bigint; last_hash text;
    BEGIN
        SELECT seq, hash INTO last_seq, last_hash FROM audit
            WHERE policy_id = NEW.policy_id ORDER BY seq DESC LIMIT 1;
        IF NEW.seq <> coalesce(last_seq, 0) + 1
           OR NEW.prev_hash <> coalesce(last_hash, repeat('0', 64)) THEN
            RAISE EXCEPTION 'audit entry % does not follow the library''s last entry', NEW.seq;
        END IF;
        NEW.db_user := current_user;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER audit_follows BEFORE INSERT ON audit
        FOR EACH ROW EXECUTE FUNCTION library_audit_follows()""",
]


def _security_v1() -> list[str]:
    """Group roles, their table privileges, and row-level security by membership."""
    statements = [
        # A member's role in a policy, read past row-level security (the policies below use it,
        # and a policy on `members` reading `members` directly would recurse).
        # Inside a SECURITY DEFINER function current_user is the definer, so the caller's name is
        # an argument whose default is evaluated where the function is called.
        """CREATE FUNCTION library_role_of(pid text, who text DEFAULT current_user) RETURNS text
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
            SELECT role FROM members WHERE policy_id = pid AND member = who $$""",
        """CREATE FUNCTION library_unclaimed(pid text) RETURNS boolean LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path = public AS $$
            SELECT NOT EXISTS (SELECT 1 FROM members WHERE policy_id = pid) $$""",
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
    ]
    for role in GROUP_ROLES.values():
        statements.append(f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                CREATE ROLE {role} NOLOGIN;
            END IF; END $$""")
    everyone = ", ".join(GROUP_ROLES.values())
    statements += [
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {everyone}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {everyone}",
    ]
    reviewer = GROUP_ROLES["reviewer"]
    author = GROUP_ROLES["author"]
    owner = GROUP_ROLES["owner"]
    statements += [
        f"GRANT INSERT ON comments, approvals, audit TO {reviewer}, {owner}",
        f"GRANT UPDATE (state, body, edited, deleted, prefix, suffix, start_offset, end_offset, rev) "
        f"ON comments TO {reviewer}, {author}, {owner}",
        f"GRANT UPDATE (status, rev) ON versions TO {reviewer}, {author}, {owner}",
        f"GRANT UPDATE (revision, title) ON policies TO {reviewer}, {author}, {owner}",
        f"GRANT UPDATE (review_due) ON policies TO {reviewer}, {owner}",
        f"GRANT INSERT ON policies, members, contents, shapes, versions, drafts, comments, audit "
        f"TO {author}, {owner}",
        f"GRANT UPDATE ON drafts TO {author}, {owner}",
        f"GRANT UPDATE (owner, review_months, review_due) ON policies TO {author}, {owner}",
        # a policy's owner (by membership: whoever first sent it) shares it; RLS checks that
        f"GRANT UPDATE (role), DELETE ON members TO {author}, {owner}",
        f"GRANT INSERT ON approvals TO {owner}",
    ]
    for table, writers in WRITERS.items():
        key = "id" if table == "policies" else "policy_id"
        roles = ", ".join(f"'{r}'" for r in writers)
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY {table}_read ON {table} FOR SELECT USING (library_role_of({key}) IS NOT NULL)",
            f"CREATE POLICY {table}_update ON {table} FOR UPDATE "
            f"USING (library_role_of({key}) IN ({roles})) WITH CHECK (library_role_of({key}) IN ({roles}))",
        ]
        if table == "policies":
            # a new policy is created by an author for themself; they become its owner
            statements.append(
                "CREATE POLICY policies_insert ON policies FOR INSERT WITH CHECK (owner = current_user)"
            )
        else:
            statements.append(
                f"CREATE POLICY {table}_insert ON {table} FOR INSERT "
                f"WITH CHECK (library_role_of({key}) IN ({roles}))"
            )
    statements += [
        "ALTER TABLE members ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY members_read ON members FOR SELECT USING (library_role_of(policy_id) IS NOT NULL)",
        # the owner shares; the first member of a policy is its creator, as owner
        """CREATE POLICY members_insert ON members FOR INSERT WITH CHECK (
            library_role_of(policy_id) = 'owner'
            OR (member = current_user AND role = 'owner' AND library_unclaimed(policy_id)))""",
        "CREATE POLICY members_update ON members FOR UPDATE USING (library_role_of(policy_id) = 'owner')",
        "CREATE POLICY members_delete ON members FOR DELETE USING (library_role_of(policy_id) = 'owner')",
        f"GRANT SELECT ON schema_version TO {everyone}",
    ]
    return statements


# Version 2: signed approvals checked on the server, and the role lookup answers for the caller only.
_SIGNED_V2 = [
    # library_role_of took any member's name: anyone could ask another user's role in any policy
    # (and so learn which policies exist and who has them). It now answers for the login only.
    # session_user, not current_user: inside this SECURITY DEFINER function current_user is its owner.
    """CREATE OR REPLACE FUNCTION library_role_of(pid text, who text DEFAULT current_user) RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT role FROM members WHERE policy_id = pid AND member = who AND who = session_user $$""",
    # The audit trigger reads the policy's last entry past row-level security (SECURITY DEFINER),
    # and ran before the insert's own security check: its refusal told a stranger how many entries
    # an unshared policy has. Now a stranger is refused first, as row-level security would.
    """CREATE OR REPLACE FUNCTION library_audit_follows() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public AS $$
    DECLARE last_seq bigint; last_hash text;
    BEGIN
        IF library_role_of(NEW.policy_id, session_user) IS NULL
           AND NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user) THEN
            RAISE EXCEPTION 'new row violates row-level security policy for table "audit"'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT seq, hash INTO last_seq, last_hash FROM audit
            WHERE policy_id = NEW.policy_id ORDER BY seq DESC LIMIT 1;
        IF NEW.seq <> coalesce(last_seq, 0) + 1
           OR NEW.prev_hash <> coalesce(last_hash, repeat('0', 64)) THEN
            RAISE EXCEPTION 'audit entry % does not follow the library''s last entry', NEW.seq;
        END IF;
        NEW.db_user := current_user;
        RETURN NEW;
    END $$""",
    # ... and the first member of a new policy is the login that created it: no one else may learn
    # from this function whether some policy has members
    """CREATE OR REPLACE FUNCTION library_unclaimed(pid text) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM policies WHERE id = pid AND owner = session_user)
           AND NOT EXISTS (SELECT 1 FROM members WHERE policy_id = pid) $$""",
    # the signed record of an approval, as the copy stores it (review/signing.py)
    "ALTER TABLE approvals ADD COLUMN record text",
    # a policy whose copy has a roster takes only signed approvals, for ever
    "ALTER TABLE policies ADD COLUMN signed boolean NOT NULL DEFAULT false",
    f"GRANT UPDATE (signed) ON policies TO {', '.join(GROUP_ROLES[r] for r in WRITERS['policies'])}",
    """CREATE FUNCTION library_stays_signed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.signed AND NOT NEW.signed THEN
            RAISE EXCEPTION 'policy % takes only signed approvals, and that cannot be turned off', OLD.title;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER policies_stay_signed BEFORE UPDATE ON policies
        FOR EACH ROW EXECUTE FUNCTION library_stays_signed()""",
    # The server refuses an approval that is not signed at all, or whose signed record names another
    # approval, version text, policy or key (the signature itself is verified since version 4).
    """CREATE FUNCTION library_signed_approval() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE rec jsonb; version_hash text;
    BEGIN
        IF NOT coalesce((SELECT signed FROM policies WHERE id = NEW.policy_id), false) THEN
            RETURN NEW;
        END IF;
        IF NEW.signature IS NULL OR NEW.signer_key IS NULL OR NEW.record IS NULL THEN
            RAISE EXCEPTION 'the approval of version % by % is not signed, and this policy takes only '
                'signed approvals', NEW.version, NEW.reviewer;
        END IF;
        BEGIN
            rec := NEW.record::jsonb;
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION 'the signed record of the approval of version % is damaged', NEW.version;
        END;
        SELECT content_hash INTO version_hash FROM versions
            WHERE policy_id = NEW.policy_id AND label = NEW.version;
        IF rec->>'kind' IS DISTINCT FROM 'approval' OR rec->>'policy' IS DISTINCT FROM NEW.policy_id
           OR rec->>'approval' IS DISTINCT FROM NEW.id OR rec->>'by' IS DISTINCT FROM NEW.signer_key
           OR rec->>'content_hash' IS DISTINCT FROM NEW.content_hash
           OR NEW.content_hash IS DISTINCT FROM version_hash THEN
            RAISE EXCEPTION 'the approval of version % by % does not match the record it says was signed',
                NEW.version, NEW.reviewer;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER approvals_signed BEFORE INSERT ON approvals
        FOR EACH ROW EXECUTE FUNCTION library_signed_approval()""",
    # ... and a version of such a policy approved or published without a signed approval of it,
    # checked at commit (a sync sends a version before its approvals)
    """CREATE FUNCTION library_signed_status() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.status IN ('approved', 'published')
           AND coalesce((SELECT signed FROM policies WHERE id = NEW.policy_id), false)
           AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.policy_id = NEW.policy_id
                           AND a.version = NEW.label AND a.signature IS NOT NULL) THEN
            RAISE EXCEPTION 'version % cannot be % in the library without a signed approval',
                NEW.label, NEW.status;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE CONSTRAINT TRIGGER versions_signed_status AFTER INSERT OR UPDATE ON versions
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION library_signed_status()""",
]


# Version 3: the roster and the signatures of versions and status changes travel through the library,
# and the server holds approvals and status changes to the roster (see library/signed.py).
_signature_writers = ", ".join(GROUP_ROLES[r] for r in ("owner", "author", "reviewer"))
_ROSTER_V3 = [
    """CREATE TABLE signatures (
        policy_id text NOT NULL REFERENCES policies(id),
        kind text NOT NULL CHECK (kind IN ('version', 'status', 'roster')),
        subject text NOT NULL,
        record text NOT NULL,
        signer_key text NOT NULL,
        signer_name text NOT NULL,
        signature text NOT NULL,
        digest text NOT NULL DEFAULT '',
        seq bigserial,
        rev bigint NOT NULL,
        PRIMARY KEY (policy_id, signature)
    )""",
    "CREATE INDEX signatures_by_kind ON signatures(policy_id, kind, seq)",
    """CREATE TRIGGER signatures_immutable BEFORE UPDATE OR DELETE ON signatures
        FOR EACH ROW EXECUTE FUNCTION library_refuse('a signature')""",
    f"GRANT SELECT ON signatures TO {', '.join(GROUP_ROLES.values())}",
    f"GRANT INSERT ON signatures TO {_signature_writers}",
    f"GRANT USAGE ON SEQUENCE signatures_seq_seq TO {', '.join(GROUP_ROLES.values())}",
    "ALTER TABLE signatures ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY signatures_read ON signatures FOR SELECT USING (library_role_of(policy_id) IS NOT NULL)",
    "CREATE POLICY signatures_insert ON signatures FOR INSERT "
    "WITH CHECK (library_role_of(policy_id) IN ('owner', 'author', 'reviewer'))",
    # Whether `key` holds `role` on the policy's roster after its roster change number `upto`
    # (NULL: all of them); the owner holds every role, as in review/roster.py. These two run with
    # the caller's rights (not SECURITY DEFINER), so they see only what row-level security shows
    # the caller: a stranger learns nothing of a policy's roster from them.
    """CREATE FUNCTION library_roster_has(pid text, key text, role text, upto bigint DEFAULT NULL)
        RETURNS boolean LANGUAGE sql STABLE SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM signatures WHERE policy_id = pid AND kind = 'roster'
                       AND record::jsonb->>'action' = 'create' AND record::jsonb->>'key' = key
                       AND (upto IS NULL OR (record::jsonb->>'seq')::bigint <= upto))
            OR coalesce((SELECT record::jsonb->>'action' = 'add' FROM signatures
                         WHERE policy_id = pid AND kind = 'roster'
                           AND record::jsonb->>'action' IN ('add', 'remove')
                           AND record::jsonb->>'key' = key AND record::jsonb->>'role' = role
                           AND (upto IS NULL OR (record::jsonb->>'seq')::bigint <= upto)
                         ORDER BY (record::jsonb->>'seq')::bigint DESC LIMIT 1), false) $$""",
    """CREATE FUNCTION library_has_roster(pid text) RETURNS boolean LANGUAGE sql STABLE
        SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM signatures WHERE policy_id = pid AND kind = 'roster') $$""",
    # A signed record must name this policy, its signer's key, and (a version or status) a version
    # and text the library holds; a roster change must follow the last one, signed by the owner;
    # a status change must be signed by someone the roster lets take the step.
    # The digest is the server's own: sha256 of the signed bytes (review/signing.py canonical_bytes).
    """CREATE FUNCTION library_signature_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE rec jsonb; last_rec jsonb; last_digest text; owner_key text; signer_field text; needs text;
    BEGIN
        BEGIN
            rec := NEW.record::jsonb;
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION 'the signed % record % is damaged', NEW.kind, NEW.subject;
        END;
        NEW.digest := encode(sha256(convert_to('policyeditor signed record v1' || chr(10) || NEW.record,
                                               'UTF8')), 'hex');
        signer_field := CASE NEW.kind WHEN 'version' THEN 'author' ELSE 'by' END;
        IF rec->>'kind' IS DISTINCT FROM NEW.kind OR rec->>'policy' IS DISTINCT FROM NEW.policy_id
           OR rec->>signer_field IS DISTINCT FROM NEW.signer_key THEN
            RAISE EXCEPTION 'the signed % record % names another policy, kind or key than it is stored for',
                NEW.kind, NEW.subject;
        END IF;
        IF NEW.kind = 'roster' THEN
            SELECT record::jsonb, digest INTO last_rec, last_digest FROM signatures
                WHERE policy_id = NEW.policy_id AND kind = 'roster' ORDER BY seq DESC LIMIT 1;
            IF (rec->>'seq')::bigint IS DISTINCT FROM coalesce((last_rec->>'seq')::bigint, 0) + 1
               OR rec->>'prev' IS DISTINCT FROM last_digest THEN
                RAISE EXCEPTION 'roster change % does not follow the library''s last roster change',
                    rec->>'seq';
            END IF;
            SELECT record::jsonb->>'key' INTO owner_key FROM signatures
                WHERE policy_id = NEW.policy_id AND kind = 'roster' AND record::jsonb->>'action' = 'create';
            IF rec->>'action' = 'create' THEN
                IF last_rec IS NOT NULL OR rec->>'key' IS DISTINCT FROM NEW.signer_key THEN
                    RAISE EXCEPTION 'roster change % tries to start the roster again', rec->>'seq';
                END IF;
            ELSIF owner_key IS NULL OR owner_key IS DISTINCT FROM NEW.signer_key THEN
                RAISE EXCEPTION 'roster change % was not signed by the roster''s owner', rec->>'seq';
            END IF;
            RETURN NEW;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM versions v WHERE v.policy_id = NEW.policy_id
                       AND rec->>'label' IN (v.label, v.origin_label)
                       AND v.content_hash = rec->>'content_hash') THEN
            RAISE EXCEPTION 'the signed % record of version % names a version or text the library does '
                'not hold',
                NEW.kind, rec->>'label';
        END IF;
        IF NEW.kind = 'status' AND library_has_roster(NEW.policy_id) THEN
            needs := CASE WHEN rec->>'to' IN ('draft', 'in_review') THEN 'author' ELSE 'approver' END;
            IF NOT library_roster_has(NEW.policy_id, NEW.signer_key, needs) THEN
                RAISE EXCEPTION 'the move of version % to % was signed by a key that is not an % on the '
                    'policy''s roster', rec->>'label', rec->>'to', needs;
            END IF;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER signatures_checked BEFORE INSERT ON signatures
        FOR EACH ROW EXECUTE FUNCTION library_signature_check()""",
    # An approval of a policy with a roster in the library (after approvals_signed: triggers fire in
    # name order): signed by an approver on the roster its
    # record says it was made under, for the version it is stored for.
    """CREATE FUNCTION library_roster_approval() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE rec jsonb; upto bigint := 0;
    BEGIN
        IF NOT library_has_roster(NEW.policy_id) THEN
            RETURN NEW;
        END IF;
        IF NEW.record IS NULL OR NEW.signer_key IS NULL OR NEW.signature IS NULL THEN
            RAISE EXCEPTION 'the approval of version % by % is not signed, and this policy takes only '
                'signed approvals', NEW.version, NEW.reviewer;
        END IF;
        rec := NEW.record::jsonb;
        IF NOT EXISTS (SELECT 1 FROM versions v WHERE v.policy_id = NEW.policy_id AND v.label = NEW.version
                       AND rec->>'label' IN (v.label, v.origin_label)) THEN
            RAISE EXCEPTION 'the approval of version % by % was signed for version %', NEW.version,
                NEW.reviewer, rec->>'label';
        END IF;
        IF rec->>'roster' IS NOT NULL THEN
            SELECT (record::jsonb->>'seq')::bigint INTO upto FROM signatures
                WHERE policy_id = NEW.policy_id AND kind = 'roster' AND digest = rec->>'roster';
            IF upto IS NULL THEN
                RAISE EXCEPTION 'the approval of version % by % names a roster the library does not hold',
                    NEW.version, NEW.reviewer;
            END IF;
        END IF;
        IF NOT library_roster_has(NEW.policy_id, NEW.signer_key, 'approver', upto) THEN
            RAISE EXCEPTION 'the approval of version % by % was signed by a key that is not an approver on '
                'the policy''s roster', NEW.version, NEW.reviewer;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER approvals_signed_roster BEFORE INSERT ON approvals
        FOR EACH ROW EXECUTE FUNCTION library_roster_approval()""",
    # A status change of a policy with a roster carries its signed record (checked at commit: a sync
    # sends the signatures after the versions).
    """CREATE FUNCTION library_signed_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.status IS DISTINCT FROM OLD.status AND NEW.status <> 'approved'
           AND library_has_roster(NEW.policy_id)
           AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.policy_id = NEW.policy_id AND s.kind = 'status'
                           AND s.record::jsonb->>'label' IN (NEW.label, NEW.origin_label)
                           AND s.record::jsonb->>'to' = NEW.status
                           AND s.record::jsonb->>'content_hash' = NEW.content_hash) THEN
            RAISE EXCEPTION 'version % cannot become % in the library without a signed record of the move',
                NEW.label, NEW.status;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE CONSTRAINT TRIGGER versions_signed_move AFTER UPDATE ON versions
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION library_signed_move()""",
]


# Version 4: the server verifies the Ed25519 signatures themselves (library/ed25519.py, PL/pgSQL), of
# every signed approval and signed record stored, after the cheaper checks above (triggers fire in name
# order: approvals_verified after approvals_signed_roster, signatures_verified after signatures_checked).
# What is verified is what every copy stores and signs: the prefix and the record's canonical JSON in
# UTF-8 (review/signing.py canonical_bytes), so a record respelt (not its canonical JSON) is refused too.
_SIGNED_BYTES = "convert_to('policyeditor signed record v1' || chr(10) || NEW.record, 'UTF8')"
_VERIFIED_V4 = [
    *ed25519.FUNCTIONS,
    f"""CREATE FUNCTION library_verified_approval() RETURNS trigger LANGUAGE plpgsql
        SET search_path = public AS $$
    DECLARE key bytea; sig bytea;
    BEGIN
        IF NEW.signature IS NULL AND NEW.signer_key IS NULL AND NEW.record IS NULL THEN
            RETURN NEW;  -- unsigned: approvals_signed refuses it where only signed approvals are taken
        END IF;
        BEGIN
            key := decode(NEW.signer_key, 'base64');
            sig := decode(NEW.signature, 'base64');
        EXCEPTION WHEN others THEN
            key := NULL;
        END;
        IF key IS NULL OR sig IS NULL OR NEW.record IS NULL THEN
            RAISE EXCEPTION 'the approval of version % by % has a damaged signature',
                NEW.version, NEW.reviewer;
        END IF;
        IF NOT coalesce(library_ed25519_verify(key, {_SIGNED_BYTES}, sig), false) THEN
            RAISE EXCEPTION 'the approval of version % by % is forged: its signature does not verify',
                NEW.version, NEW.reviewer;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER approvals_verified BEFORE INSERT ON approvals
        FOR EACH ROW EXECUTE FUNCTION library_verified_approval()""",
    f"""CREATE FUNCTION library_verified_signature() RETURNS trigger LANGUAGE plpgsql
        SET search_path = public AS $$
    DECLARE key bytea; sig bytea;
    BEGIN
        BEGIN
            key := decode(NEW.signer_key, 'base64');
            sig := decode(NEW.signature, 'base64');
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION 'the signed % record % has a damaged signature', NEW.kind, NEW.subject;
        END;
        IF NOT coalesce(library_ed25519_verify(key, {_SIGNED_BYTES}, sig), false) THEN
            RAISE EXCEPTION 'the signed % record % by % is forged: its signature does not verify',
                NEW.kind, NEW.subject, NEW.signer_name;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER signatures_verified BEFORE INSERT ON signatures
        FOR EACH ROW EXECUTE FUNCTION library_verified_signature()""",
]

# Version 5: pictures travel with the texts that show them, stored once per policy by content hash.
# The server checks that the name is the content, so a copy cannot be sent another picture under
# a hash its texts name.
_picture_writers = ", ".join(f"'{r}'" for r in WRITERS["contents"])
_PICTURES_V5 = [
    """CREATE TABLE pictures (
        policy_id text NOT NULL REFERENCES policies(id),
        hash text NOT NULL CHECK (hash = encode(sha256(data), 'hex')),
        data bytea NOT NULL,
        rev bigint NOT NULL,
        PRIMARY KEY (policy_id, hash)
    )""",
    """CREATE TRIGGER pictures_immutable BEFORE UPDATE OR DELETE ON pictures
        FOR EACH ROW EXECUTE FUNCTION library_refuse('a picture')""",
    f"GRANT SELECT ON pictures TO {', '.join(GROUP_ROLES.values())}",
    f"GRANT INSERT ON pictures TO {GROUP_ROLES['owner']}, {GROUP_ROLES['author']}",
    "ALTER TABLE pictures ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY pictures_read ON pictures FOR SELECT USING (library_role_of(policy_id) IS NOT NULL)",
    "CREATE POLICY pictures_insert ON pictures FOR INSERT "
    f"WITH CHECK (library_role_of(policy_id) IN ({_picture_writers}))",
]

# Version 6: a status change's record names the roster head it was signed under (review/signing.py
# status_record, as an approval's does), and its signer is checked against the roster as of that head:
# a move rightly signed offline is not refused because the owner changed the roster meanwhile (which
# made every later sync of that copy fail). The rule is review/roster.py's `step_problem`, which the
# copies apply too. A record naming a head the library does not hold is refused; one naming none (made
# by an older program) keeps version 3's rule, the roster as it is when it arrives. Only this trigger
# function changes (CREATE OR REPLACE): no table, no stored row.
_STATUS_ROSTER_V6 = [
    """CREATE OR REPLACE FUNCTION library_signature_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE rec jsonb; last_rec jsonb; last_digest text; owner_key text; signer_field text; needs text;
        upto bigint;
    BEGIN
        BEGIN
            rec := NEW.record::jsonb;
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION 'the signed % record % is damaged', NEW.kind, NEW.subject;
        END;
        NEW.digest := encode(sha256(convert_to('policyeditor signed record v1' || chr(10) || NEW.record,
                                               'UTF8')), 'hex');
        signer_field := CASE NEW.kind WHEN 'version' THEN 'author' ELSE 'by' END;
        IF rec->>'kind' IS DISTINCT FROM NEW.kind OR rec->>'policy' IS DISTINCT FROM NEW.policy_id
           OR rec->>signer_field IS DISTINCT FROM NEW.signer_key THEN
            RAISE EXCEPTION 'the signed % record % names another policy, kind or key than it is stored for',
                NEW.kind, NEW.subject;
        END IF;
        IF NEW.kind = 'roster' THEN
            SELECT record::jsonb, digest INTO last_rec, last_digest FROM signatures
                WHERE policy_id = NEW.policy_id AND kind = 'roster' ORDER BY seq DESC LIMIT 1;
            IF (rec->>'seq')::bigint IS DISTINCT FROM coalesce((last_rec->>'seq')::bigint, 0) + 1
               OR rec->>'prev' IS DISTINCT FROM last_digest THEN
                RAISE EXCEPTION 'roster change % does not follow the library''s last roster change',
                    rec->>'seq';
            END IF;
            SELECT record::jsonb->>'key' INTO owner_key FROM signatures
                WHERE policy_id = NEW.policy_id AND kind = 'roster' AND record::jsonb->>'action' = 'create';
            IF rec->>'action' = 'create' THEN
                IF last_rec IS NOT NULL OR rec->>'key' IS DISTINCT FROM NEW.signer_key THEN
                    RAISE EXCEPTION 'roster change % tries to start the roster again', rec->>'seq';
                END IF;
            ELSIF owner_key IS NULL OR owner_key IS DISTINCT FROM NEW.signer_key THEN
                RAISE EXCEPTION 'roster change % was not signed by the roster''s owner', rec->>'seq';
            END IF;
            RETURN NEW;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM versions v WHERE v.policy_id = NEW.policy_id
                       AND rec->>'label' IN (v.label, v.origin_label)
                       AND v.content_hash = rec->>'content_hash') THEN
            RAISE EXCEPTION 'the signed % record of version % names a version or text the library does '
                'not hold',
                NEW.kind, rec->>'label';
        END IF;
        IF NEW.kind <> 'status' THEN
            RETURN NEW;
        END IF;
        needs := CASE WHEN rec->>'to' IN ('draft', 'in_review') THEN 'author' ELSE 'approver' END;
        IF rec->>'roster' IS NOT NULL THEN
            SELECT (record::jsonb->>'seq')::bigint INTO upto FROM signatures
                WHERE policy_id = NEW.policy_id AND kind = 'roster' AND digest = rec->>'roster';
            IF upto IS NULL THEN
                RAISE EXCEPTION 'the move of version % to % names a roster the library does not hold',
                    rec->>'label', rec->>'to';
            END IF;
            IF NOT library_roster_has(NEW.policy_id, NEW.signer_key, needs, upto) THEN
                RAISE EXCEPTION 'the move of version % to % was signed by a key that is not an % on the '
                    'policy''s roster it was made under', rec->>'label', rec->>'to', needs;
            END IF;
        ELSIF library_has_roster(NEW.policy_id)
              AND NOT library_roster_has(NEW.policy_id, NEW.signer_key, needs) THEN
            RAISE EXCEPTION 'the move of version % to % was signed by a key that is not an % on the '
                'policy''s roster', rec->>'label', rec->>'to', needs;
        END IF;
        RETURN NEW;
    END $$""",
]

# Version 7: version 3's approval rule, replaced (CREATE OR REPLACE: no table, no stored row changes).
# An approval whose record names a roster head the library does not hold is refused also when the
# library holds no roster of the policy at all, as the copies refuse it (version 3 let every approval
# of a policy without one through before reading its record). And one naming no head (signed before
# the policy had a roster) is held to the roster as it is when it arrives, as a status record naming
# none is (version 6) and as a receiving copy holds it (review/roster.py `step_problem`): version 3
# held it to the roster before its first change, where no key is an approver, so it refused every
# one, the owner's too, and the copy that made it could never sync again. The server cannot know when
# such an approval was made, so omitting the head never lets in a signer the roster does not let
# approve now; the sending copy keeps back what this refuses (library/sync_reviews.py).
_APPROVAL_ROSTER_V7 = [
    """CREATE OR REPLACE FUNCTION library_roster_approval() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE rec jsonb; upto bigint;  -- NULL: every roster change the library holds
    BEGIN
        IF NOT library_has_roster(NEW.policy_id) THEN
            BEGIN
                rec := NEW.record::jsonb;
            EXCEPTION WHEN others THEN
                RETURN NEW;  -- not a record this check can read: approvals_signed answers for it
            END;
            IF jsonb_typeof(rec) = 'object' AND rec->>'roster' IS NOT NULL THEN
                RAISE EXCEPTION 'the approval of version % by % names a roster the library does not hold',
                    NEW.version, NEW.reviewer;
            END IF;
            RETURN NEW;
        END IF;
        IF NEW.record IS NULL OR NEW.signer_key IS NULL OR NEW.signature IS NULL THEN
            RAISE EXCEPTION 'the approval of version % by % is not signed, and this policy takes only '
                'signed approvals', NEW.version, NEW.reviewer;
        END IF;
        rec := NEW.record::jsonb;
        IF NOT EXISTS (SELECT 1 FROM versions v WHERE v.policy_id = NEW.policy_id AND v.label = NEW.version
                       AND rec->>'label' IN (v.label, v.origin_label)) THEN
            RAISE EXCEPTION 'the approval of version % by % was signed for version %', NEW.version,
                NEW.reviewer, rec->>'label';
        END IF;
        IF rec->>'roster' IS NOT NULL THEN
            SELECT (record::jsonb->>'seq')::bigint INTO upto FROM signatures
                WHERE policy_id = NEW.policy_id AND kind = 'roster' AND digest = rec->>'roster';
            IF upto IS NULL THEN
                RAISE EXCEPTION 'the approval of version % by % names a roster the library does not hold',
                    NEW.version, NEW.reviewer;
            END IF;
        END IF;
        IF NOT library_roster_has(NEW.policy_id, NEW.signer_key, 'approver', upto) THEN
            RAISE EXCEPTION 'the approval of version % by % was signed by a key that is not an approver on '
                'the policy''s roster', NEW.version, NEW.reviewer;
        END IF;
        RETURN NEW;
    END $$""",
]

MIGRATIONS: list[list[str]] = [
    _TABLES_V1 + _TRIGGERS_V1 + _security_v1(), _SIGNED_V2, _ROSTER_V3, _VERIFIED_V4, _PICTURES_V5,
    _STATUS_ROSTER_V6, _APPROVAL_ROSTER_V7,
]


def schema_version() -> int:
    """The library schema version this program writes: the number of migrations."""
    return len(MIGRATIONS)


def library_version(conn: psycopg.Connection) -> int:
    """The schema version of the library at `conn` (0 for an empty database)."""
    exists = conn.execute("SELECT to_regclass('public.schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return int(conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])


def check_version(conn: psycopg.Connection) -> None:
    """Refuse a database that is not a library, or one made by a newer or older policyeditor."""
    with library_errors():
        version = library_version(conn)
        conn.rollback()
    if version == 0:
        raise LibraryError(
            "this database is not a policy library yet; run `policyeditor library init URL` first"
        )
    if version > schema_version():
        raise LibraryError(
            f"the library was made by a newer policyeditor (schema {version}); update policyeditor to use it"
        )
    if version < schema_version():
        raise LibraryError(
            f"the library has an older schema ({version}); run `policyeditor library init URL` to upgrade it"
        )


def init_library(conn: psycopg.Connection) -> int:
    """Create or upgrade the library's tables, in one transaction; the number of migrations applied.

    Run by the database's owner (an administrator). Safe to run again: a current
    library is left as it is. Concurrent runs take turns on an advisory lock.
    """
    conn.execute("SELECT pg_advisory_xact_lock(hashtext('policyeditor library schema'))")
    version = library_version(conn)
    if version > schema_version():
        conn.rollback()
        raise LibraryError(
            f"the library was made by a newer policyeditor (schema {version}); update policyeditor to use it"
        )
    steps = MIGRATIONS[version:]
    for number, statements in enumerate(steps, start=version + 1):
        for statement in statements:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
    conn.commit()
    return len(steps)
