import{a,b}from"./chunk-HPB32WL2.js";import"./chunk-HF6XMUYO.js";import"./chunk-IMGPRBBW.js";import"./chunk-NR5GAUVR.js";export{a as statusPage,b as trendLine};
