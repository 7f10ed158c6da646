"use client";
/**
 * The side panels, memoised. The room page re-renders with every participant's cursor move (30 times a
 * second each); these panels only depend on the document, the selection and stable callbacks, and on a
 * large document they are the costliest part of a re-render (the reach panel lists every container).
 */
import { memo } from "react";
import { Inspector as InspectorView } from "./Inspector";
import { ReachPanel as ReachPanelView } from "./ReachPanel";

export const Inspector = memo(InspectorView);
export const ReachPanel = memo(ReachPanelView);
