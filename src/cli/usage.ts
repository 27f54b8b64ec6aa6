export const USAGE = `datashelf — the command line for a datashelf server

  datashelf login [--url URL] [--key KEY] [--project NAMESPACE/PROJECT]
  datashelf datasets ls
  datashelf datasets create NAME [--description TEXT]
  datashelf datasets show DATASET
  datashelf datasets rm DATASET
  datashelf import DATASET FILE|DIR|- [--format jsonl|csv|parquet|imagefolder|audiofolder] [--map FIELD=COLUMN[,COLUMN…]]…
                   [--type COLUMN=text|json|number|integer|boolean]… [--rest metadata|drop|error]
                   [--tag-separator SEP] [--metadata-only] [--upsert | --sync | --replace]
                   [--message TEXT] [--base-version N] [--split NAME] [--create]
  datashelf export DATASET [--format jsonl|csv|parquet|openai] [--version N|TAG] [-o FILE] [--files DIR]
                   [--tag T] [--source S] [--persona P] [--split NAME] [--search WORDS] [--filters JSON]
  datashelf versions DATASET
  datashelf diff DATASET FROM TO [--detail]          (FROM and TO: version numbers or tags)
  datashelf tag DATASET [NAME VERSION]              point a tag at a version (a number or a tag), or list tags
  datashelf restore DATASET VERSION [--message TEXT]   a new version with that version's content
  datashelf cut NAME --container CONTAINER --size N [--filters JSON] [--description TEXT]
  datashelf keys ls | create NAME [--role read|write|admin] | revoke ID   [--project NAMESPACE/PROJECT]

DATASET is a dataset's name or id. FILE's format comes from its name (.jsonl, .csv,
.parquet, optionally .gz or .zst); a directory is read as a Hugging Face dataset
(Parquet shards per split), or, holding images or audio, as an imagefolder or
audiofolder (files, split folders, metadata.jsonl or metadata.csv with a file_name
column): each file becomes an attachment. --map also takes a JSON mapping or
@mapping.json. --create makes a missing dataset with the import, in one step: an import
that fails leaves none. export --files DIR also writes each datapoint's attachments, as
DIR/<external id or id>/<name>.<ext>.

  --url URL      the server (else $DATASHELF_URL, the saved login, http://127.0.0.1:8080)
  --key KEY      an API key (else $DATASHELF_KEY, the saved login)
  --json         print the API's JSON instead of text
  --no-progress  no progress on stderr (it is plain lines when stderr is not a terminal)
  --timeout S    stop after S seconds without progress from the server (else $DATASHELF_TIMEOUT, 300)

Exit codes: 0 done; 1 the server refused or failed the request; 2 bad usage or an
unreadable file; 3 the server cannot be reached; 4 the key is missing, wrong or not allowed.
`;
