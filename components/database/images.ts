import { PINNED_VERSIONS, PinnedVersions } from "../toolbox/versions/pinnedVersions";

/** The Supabase images of seed 000's consolidated compose file, pinned. */
export interface SupabaseImages {
  readonly postgres: string;
  readonly rest: string;
  readonly kong: string;
  readonly meta: string;
  readonly studio: string;
}

/** The images of versions.json (entries supabase-*), pinned. */
export function supabaseImages(versions: PinnedVersions = PINNED_VERSIONS): SupabaseImages {
  return {
    postgres: versions.image("supabase-postgres"),
    rest: versions.image("supabase-rest"),
    kong: versions.image("supabase-kong"),
    meta: versions.image("supabase-meta"),
    studio: versions.image("supabase-studio"),
  };
}

export const DEFAULT_SUPABASE_IMAGES: SupabaseImages = supabaseImages();
