import { Type, type Static } from '@sinclair/typebox';
import { TagName } from '../../../model/version-tags.js';

const Segment = Type.String({ minLength: 1, maxLength: 200 });
/** A revision as a client names it: `main`, a commit id, or a tag. */
const Revision = Type.String({ minLength: 1, maxLength: 256 });
const Sha = Type.String({ description: '40 hex digits' });

export const RepoParams = Type.Object({ namespace: Segment, name: Segment });
export const RevisionParams = Type.Object({ namespace: Segment, name: Segment, rev: Revision });
export const PathParams = Type.Object({ namespace: Segment, name: Segment, rev: Revision, '*': Type.String({ maxLength: 1024 }) });

const Flag = Type.Union([Type.Boolean(), Type.String({ maxLength: 5 })]);
/** The Hub's `expand` names fields to add; datashelf always answers them all. */
export const InfoQuery = Type.Object({
  expand: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32 })])),
});

export const LIST_PAGE_MAX = 1000;
export const ListQuery = Type.Object({
  author: Type.Optional(Segment),
  search: Type.Optional(Type.String({ maxLength: 200, description: 'a substring of the name' })),
  filter: Type.Optional(Type.String({ maxLength: 200, description: 'a tag the dataset has' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIST_PAGE_MAX, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'from the `next` link of the page before' })),
  sort: Type.Optional(Type.String({ maxLength: 32, description: 'accepted; the order is always newest first' })),
  direction: Type.Optional(Type.String({ maxLength: 8 })),
  full: Type.Optional(Flag),
  expand: InfoQuery.properties.expand,
});

export const TREE_PAGE_MAX = 1000;
export const TreeQuery = Type.Object({
  recursive: Type.Optional(Flag),
  expand: Type.Optional(Flag),
  cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'from the `next` link of the page before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: TREE_PAGE_MAX, default: TREE_PAGE_MAX })),
});

export const PathsInfoBody = Type.Object(
  {
    paths: Type.Union([Type.String({ maxLength: 1024 }), Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 1000 })]),
    expand: Type.Optional(Flag),
  },
  { description: 'JSON, or a form as huggingface_hub sends it (`paths` repeated)' },
);

export const ResolveQuery = Type.Object({ download: Type.Optional(Flag), noContentDisposition: Type.Optional(Flag) });

const Lfs = Type.Object({ oid: Type.String(), size: Type.Integer(), pointerSize: Type.Integer() });
const LastCommit = Type.Object({ id: Sha, title: Type.String(), date: Type.String() });

export const TreeEntry = Type.Object(
  {
    type: Type.Union([Type.Literal('file'), Type.Literal('directory')]),
    oid: Type.String(),
    size: Type.Integer(),
    path: Type.String(),
    lfs: Type.Optional(Lfs),
    lastCommit: Type.Optional(LastCommit),
  },
  { title: 'HubTreeEntry' },
);
export const TreeEntries = Type.Array(TreeEntry, { maxItems: TREE_PAGE_MAX });

/** A repository as the Hub's listing shows it. */
const RepoFields = {
  _id: Type.String(),
  id: Type.String({ description: 'NAMESPACE/NAME' }),
  author: Type.String(),
  lastModified: Type.String(),
  createdAt: Type.String(),
  private: Type.Boolean(),
  gated: Type.Boolean(),
  disabled: Type.Boolean(),
  downloads: Type.Integer(),
  likes: Type.Integer(),
  tags: Type.Array(Type.String()),
};
export const DatasetListItem = Type.Object(RepoFields, { title: 'HubDatasetListItem' });

/** A repository at a revision: the listing's fields, its commit, card and files. */
export const DatasetInfo = Type.Object(
  {
    ...RepoFields,
    sha: Sha,
    description: Type.String(),
    cardData: Type.Unknown(),
    siblings: Type.Array(Type.Object({ rfilename: Type.String() })),
  },
  { title: 'HubDatasetInfo' },
);
export const DatasetList = Type.Array(DatasetListItem, { maxItems: LIST_PAGE_MAX });

const Ref = Type.Object({ name: Type.String(), ref: Type.String(), targetCommit: Sha });
export const Refs = Type.Object({ branches: Type.Array(Ref), tags: Type.Array(Ref), converts: Type.Array(Ref) }, { title: 'HubRefs' });

const Bytes = Type.Unsafe<unknown>({ type: 'string', format: 'binary' });
/** A file's bytes, with the media type of its kind: the card, a Parquet data file, or a file of the tree as the type it was uploaded as. */
export const FileBody = (description: string) => ({
  description,
  content: {
    'text/markdown': { schema: Bytes },
    'application/vnd.apache.parquet': { schema: Bytes },
    'application/octet-stream': { schema: Bytes },
    '*/*': { schema: Bytes },
  },
});
export const NoBody = Type.Null({ description: 'no body' });
export type TreeQuery = Static<typeof TreeQuery>;

export const CreateRepoBody = Type.Object({
  name: Segment,
  organization: Type.Optional(Type.Union([Segment, Type.Null()])),
  type: Type.Optional(Type.String({ maxLength: 16, description: 'only `dataset` is served' })),
  private: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  visibility: Type.Optional(Type.String({ maxLength: 16 })),
  license: Type.Optional(Type.String({ maxLength: 100 })),
  resourceGroupId: Type.Optional(Type.String({ maxLength: 100 })),
  exist_ok: Type.Optional(Type.Boolean()),
  files: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 0, description: 'files at creation are not served yet' })),
});
export const CreatedRepo = Type.Object({ url: Type.String(), name: Type.String(), id: Type.String() }, { title: 'HubCreatedRepo' });

const PathText = Type.String({ minLength: 1, maxLength: 1024 });
export const PreuploadBody = Type.Object({
  files: Type.Array(
    Type.Object({
      path: PathText,
      size: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
      sample: Type.Optional(Type.String({ maxLength: 1024 })),
    }),
    {
      maxItems: 1000,
    },
  ),
  gitAttributes: Type.Optional(Type.Union([Type.String({ maxLength: 65536 }), Type.Null()])),
  gitIgnore: Type.Optional(Type.Union([Type.String({ maxLength: 65536 }), Type.Null()])),
});
export const Preuploaded = Type.Object(
  {
    files: Type.Array(
      Type.Object({
        path: Type.String(),
        uploadMode: Type.Union([Type.Literal('regular'), Type.Literal('lfs')]),
        shouldIgnore: Type.Boolean(),
      }),
    ),
  },
  { title: 'HubPreupload' },
);

/** One line of the Hub's NDJSON commit body. */
export const CommitLine = Type.Union([
  Type.Object({
    key: Type.Literal('header'),
    value: Type.Object({
      summary: Type.Optional(Type.String({ maxLength: 10_000 })),
      description: Type.Optional(Type.String({ maxLength: 65_536 })),
      parentCommit: Type.Optional(Type.String({ maxLength: 64 })),
    }),
  }),
  Type.Object({
    key: Type.Literal('file'),
    value: Type.Object({ path: PathText, content: Type.String(), encoding: Type.Optional(Type.Literal('base64')) }),
  }),
  Type.Object({ key: Type.Literal('deletedFile'), value: Type.Object({ path: PathText }) }),
  Type.Object({ key: Type.Literal('deletedFolder'), value: Type.Object({ path: PathText }) }),
  Type.Object({
    key: Type.Literal('lfsFile'),
    value: Type.Object({
      path: PathText,
      algo: Type.Optional(Type.Literal('sha256')),
      oid: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the SHA-256 of an object uploaded through the LFS batch API' }),
      size: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  }),
]);
export type CommitLine = Static<typeof CommitLine>;
export const CommitBody = Type.Object(
  { lines: Type.Array(Type.Unknown()) },
  { title: 'HubCommitBody', description: 'one operation per line' },
);
export const Committed = Type.Object(
  { success: Type.Boolean(), commitOid: Type.String(), commitUrl: Type.String(), commitMessage: Type.String() },
  { title: 'HubCommitted' },
);

export const TagBody = Type.Object({
  tag: TagName,
  message: Type.Optional(
    Type.Union([Type.String({ maxLength: 10_000, description: 'accepted; version tags keep no message' }), Type.Null()]),
  ),
});
export const Tagged = Type.Object({ name: Type.String(), ref: Type.String(), targetCommit: Sha }, { title: 'HubTag' });
