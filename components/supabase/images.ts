/** The Supabase images of seed 000's consolidated compose file, pinned. */
export interface SupabaseImages {
  readonly postgres: string;
  readonly rest: string;
  readonly kong: string;
  readonly meta: string;
  readonly studio: string;
}

export const DEFAULT_SUPABASE_IMAGES: SupabaseImages = {
  postgres: "public.ecr.aws/supabase/postgres:17.6.1.017",
  rest: "public.ecr.aws/supabase/postgrest:v13.0.7",
  kong: "public.ecr.aws/supabase/kong:2.8.1",
  meta: "public.ecr.aws/supabase/postgres-meta:v0.91.7",
  studio: "public.ecr.aws/supabase/studio:2025.10.09-sha-433e578",
};
