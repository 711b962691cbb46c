"""The team library: many policies on a PostgreSQL server, and .policy files as offline copies.

`connection` reaches the server (psycopg 3) and tells its errors in one
sentence; `schema` builds and migrates the library's tables; `roles` makes
users and shares policies; `catalog` lists policies and review dates;
`merge3` merges two drafts against their common base; `sync` brings a copy and
the library level. See docs/library.md.
"""
