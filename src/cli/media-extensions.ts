/**
 * The file extensions the Hugging Face `datasets` library's ImageFolder and AudioFolder
 * builders take as images and audio (`packaged_modules/imagefolder/imagefolder.py`,
 * `audiofolder/audiofolder.py`), so a folder the Hub loads imports the same files here.
 */
const IMAGE = (
  'blp bmp dib bufr cur pcx dcx dds ps eps fit fits fli flc ftc ftu gbr gif grib png apng jp2 j2k jpc jpf jpx j2c icns ico im ' +
  'iim tif tiff jfif jpe jpg jpeg mpg mpeg msp pcd pxr pbm pgm ppm pnm psd bw rgb rgba sgi ras tga icb vda vst webp wmf emf xbm xpm'
).split(' ');

const AUDIO = (
  'aiff au avr caf flac htk svx mat4 mat5 mpc2k ogg paf pvf raw rf64 sd2 sds ircam voc w64 wav nist wavex wve xi mp3 opus ' +
  '3gp 3g2 avi asf flv mp4 mov m4v mkv mpg webm f4v wmv wma ogm mxf nut'
).split(' ');

export const FOLDER_KINDS = ['imagefolder', 'audiofolder'] as const;
export type FolderKind = (typeof FOLDER_KINDS)[number];

/** Per kind: the extensions of its files, and the name a row's file is given (the Hub's column name). */
export const FOLDERS: Record<FolderKind, { extensions: ReadonlySet<string>; name: string }> = {
  imagefolder: { extensions: new Set(IMAGE.map((e) => `.${e}`)), name: 'image' },
  audiofolder: { extensions: new Set(AUDIO.map((e) => `.${e}`)), name: 'audio' },
};

export const isFolderKind = (format: string | undefined): format is FolderKind => FOLDER_KINDS.includes(format as FolderKind);
